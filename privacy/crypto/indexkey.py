"""The root key of blind and token indexes, and the per-field keys derived from it."""

import functools
import threading
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signals import setting_changed

from . import keyfile
from .exceptions import KmsConfigError

_lock = threading.Lock()


@functools.cache
def root_key() -> bytes:
    if settings.SEALDESK_INDEX_KEY:
        return settings.SEALDESK_INDEX_KEY
    path = Path(settings.SEALDESK_INDEX_KEY_FILE)
    with _lock:
        if not path.exists():
            if not settings.DEBUG:
                raise KmsConfigError(
                    "no index key configured: set SEALDESK_INDEX_KEY or SEALDESK_INDEX_KEY_FILE"
                )
            keyfile.generate_key_file(path, purpose="blind index key")
    return keyfile.read_keys(path, name="SEALDESK_INDEX_KEY_FILE")[0]


@functools.cache
def field_key(key_id: str) -> bytes:
    """A key per index, so equal values in two indexes do not match each other."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sealdesk-index:" + key_id.encode())
    return hkdf.derive(root_key())


def _on_setting_changed(*, setting: str, **kwargs) -> None:
    if setting.startswith("SEALDESK_INDEX") or setting == "DEBUG":
        root_key.cache_clear()
        field_key.cache_clear()


setting_changed.connect(_on_setting_changed)
