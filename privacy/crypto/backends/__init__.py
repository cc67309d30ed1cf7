"""The configured KMS backend, built once per process from settings."""

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed

from ..exceptions import KmsConfigError
from .base import KmsBackend

_lock = threading.Lock()
_backend: KmsBackend | None = None


def _build() -> KmsBackend:
    kind = settings.SEALDESK_KMS_BACKEND
    if kind == "local":
        from .local import LocalBackend

        return LocalBackend(
            keys=settings.SEALDESK_LOCAL_KEK,
            key_file=Path(settings.SEALDESK_LOCAL_KEK_FILE),
            allow_generate=settings.DEBUG,
        )
    if kind == "pkcs11":
        from .pkcs11 import Pkcs11Backend

        return Pkcs11Backend(
            library=settings.SEALDESK_PKCS11_LIBRARY,
            token_label=settings.SEALDESK_PKCS11_TOKEN_LABEL,
            pin=settings.SEALDESK_PKCS11_PIN,
            key_label=settings.SEALDESK_PKCS11_KEY_LABEL,
        )
    if kind == "vault":
        from .vault import VaultBackend

        return VaultBackend(
            addr=settings.SEALDESK_VAULT_ADDR,
            token=settings.SEALDESK_VAULT_TOKEN,
            mount=settings.SEALDESK_VAULT_MOUNT,
            key_name=settings.SEALDESK_VAULT_KEY_NAME,
            timeout=settings.SEALDESK_VAULT_TIMEOUT,
        )
    raise KmsConfigError(f"unknown SEALDESK_KMS_BACKEND {kind!r}")


def get_backend() -> KmsBackend:
    global _backend
    with _lock:
        if _backend is None:
            _backend = _build()
        return _backend


def reset_backend(**kwargs) -> None:
    global _backend
    with _lock:
        _backend = None


def _on_setting_changed(*, setting: str, **kwargs) -> None:
    if setting.startswith("SEALDESK_") or setting == "DEBUG":
        reset_backend()


setting_changed.connect(_on_setting_changed)


def _forget_after_fork() -> None:
    """A forked worker must open its own HSM session or HTTP pool; no lock (it may be held)."""
    global _backend, _lock
    _backend = None
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)
