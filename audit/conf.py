"""Access-log settings, read from Django settings first and the environment second.

Keys never live in the database: the chain key (HMAC) and the checkpoint signing key (Ed25519)
come from an env var or a key file. With DEBUG on, missing key files are generated into
`VAR_DIR/keys` like the crypto package does; without DEBUG a missing key is a loud error.
"""

import math
import os
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from privacy.crypto.exceptions import KmsConfigError
from privacy.crypto.keyfile import generate_key_file, parse_key

Number = TypeVar("Number", int, float)


def _raw(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value).strip()


def positive_number(raw: str, *, name: str, default: Number, cast: type[Number]) -> Number:
    """`raw` cast to a number above zero (an `int` or a `float`), `default` when blank.

    Django need not be set up: `config/settings_crypto.py` reads its numbers with it too.
    """
    if not raw:
        return default
    kind = "an integer" if cast is int else "a number"
    try:
        value = cast(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, got {raw!r}") from None
    if not math.isfinite(value):  # "nan" or "inf": a cache TTL of nan would never expire
        raise ImproperlyConfigured(f"{name} must be {kind}, got {raw!r}")
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be positive, got {raw!r}")
    return value


def _positive_int(name: str, default: int) -> int:
    return positive_number(_raw(name), name=name, default=default, cast=int)


def _decode(text: str, *, name: str) -> bytes:
    try:
        return parse_key(text, name=name)
    except KmsConfigError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def _key_file(name: str, filename: str) -> Path:
    raw = _raw(f"{name}_FILE")
    if raw:
        return Path(raw)
    return Path(getattr(settings, "VAR_DIR", Path("var"))) / "keys" / filename


def _secret(name: str, filename: str) -> bytes:
    """The key from `<name>` (base64), else from `<name>_FILE`; generated in DEBUG only."""
    raw = _raw(name)
    if raw:
        return _decode(raw, name=name)
    path = _key_file(name, filename)
    if not path.exists():
        if not settings.DEBUG:
            raise ImproperlyConfigured(f"{name} or {name}_FILE must be set when DEBUG is off")
        generate_key_file(path, purpose=f"access-log key ({name})")
    try:
        return _decode(path.read_text(), name=f"{name}_FILE {path}")
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {exc.strerror}") from None


@lru_cache(maxsize=1)
def chain_key() -> bytes:
    """HMAC key of the hash chain; without it nobody can recompute a forged chain."""
    return _secret("SEALDESK_AUDIT_CHAIN_KEY", "audit-chain-key.b64")


@lru_cache(maxsize=1)
def signing_seed() -> bytes:
    """Ed25519 private key seed that signs checkpoints."""
    return _secret("SEALDESK_AUDIT_SIGNING_KEY", "audit-signing-key.b64")


def trusted_public_keys() -> tuple[bytes, ...]:
    """Extra public keys (base64, comma-separated) whose old checkpoints still verify after a rotation."""
    raw = _raw("SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS")
    name = "SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS"
    return tuple(_decode(part, name=name) for part in raw.split(",") if part.strip())


def checkpoint_minutes() -> int:
    return _positive_int("SEALDESK_AUDIT_CHECKPOINT_MINUTES", 5)


def geoip_path() -> Path | None:
    """A MaxMind-format city database an admin provides; None leaves locations blank."""
    raw = _raw("SEALDESK_GEOIP_DATABASE")
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        raise ImproperlyConfigured(f"SEALDESK_GEOIP_DATABASE: no such file {path}")
    return path


def detect_batch_size() -> int:
    return _positive_int("SEALDESK_AUDIT_DETECT_BATCH", 5000)


def clear_cache(**kwargs) -> None:
    """Forget cached keys (connected to `setting_changed`, so tests can swap keys)."""
    chain_key.cache_clear()
    signing_seed.cache_clear()
