"""Settings of the crypto package, read from SEALDESK_* environment variables.

`config/settings.py` star-imports this module at its end. Bad values fail here, at startup,
with a one-line message; missing key material is reported by the `crypto` system checks and
by the backend on first use (DEBUG generates a development KEK into a file instead).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from audit.conf import positive_number
from privacy.crypto.exceptions import KmsConfigError
from privacy.crypto.keyfile import parse_key, parse_keys

_BASE_DIR = Path(__file__).resolve().parent.parent
_VAR_DIR = Path(os.environ.get("SEALDESK_VAR_DIR") or _BASE_DIR / "var")


def _env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _env_number(name: str, default: float, cast: type) -> float:
    return positive_number(_env_str(name), name=name, default=default, cast=cast)


def _env_path(name: str, default: str) -> Path:
    """Relative paths are taken from SEALDESK_VAR_DIR (default: var/ in the project)."""
    path = Path(_env_str(name, default))
    return path if path.is_absolute() else _VAR_DIR / path


def _env_keys(name: str) -> tuple[bytes, ...] | None:
    raw = _env_str(name)
    try:
        return parse_keys(raw, name=name) if raw else None
    except KmsConfigError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def _env_key(name: str) -> bytes | None:
    raw = _env_str(name)
    try:
        return parse_key(raw, name=name) if raw else None
    except KmsConfigError as exc:
        raise ImproperlyConfigured(str(exc)) from None


SEALDESK_KMS_BACKEND = _env_choice("SEALDESK_KMS_BACKEND", "local", ("local", "pkcs11", "vault"))

# local: one or more base64 32-byte KEKs, newest first (comma- or newline-separated).
SEALDESK_LOCAL_KEK = _env_keys("SEALDESK_LOCAL_KEK")
SEALDESK_LOCAL_KEK_FILE = _env_path("SEALDESK_LOCAL_KEK_FILE", "keys/local-kek.b64")

# Root key of the blind indexes (HMAC keys per field are derived from it).
SEALDESK_INDEX_KEY = _env_key("SEALDESK_INDEX_KEY")
SEALDESK_INDEX_KEY_FILE = _env_path("SEALDESK_INDEX_KEY_FILE", "keys/index-key.b64")

SEALDESK_PKCS11_LIBRARY = _env_str("SEALDESK_PKCS11_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so")
SEALDESK_PKCS11_TOKEN_LABEL = _env_str("SEALDESK_PKCS11_TOKEN_LABEL", "sealdesk")
SEALDESK_PKCS11_PIN = _env_str("SEALDESK_PKCS11_PIN")
SEALDESK_PKCS11_KEY_LABEL = _env_str("SEALDESK_PKCS11_KEY_LABEL", "sealdesk-kek")

SEALDESK_VAULT_ADDR = _env_str("SEALDESK_VAULT_ADDR", "http://127.0.0.1:8200")
SEALDESK_VAULT_TOKEN = _env_str("SEALDESK_VAULT_TOKEN")
SEALDESK_VAULT_MOUNT = _env_str("SEALDESK_VAULT_MOUNT", "transit")
SEALDESK_VAULT_KEY_NAME = _env_str("SEALDESK_VAULT_KEY_NAME", "sealdesk-kek")
SEALDESK_VAULT_TIMEOUT = _env_number("SEALDESK_VAULT_TIMEOUT", 5.0, float)

# Unwrapped DEKs live in process memory only: at most this many, for at most this long.
SEALDESK_DEK_CACHE_SIZE = _env_number("SEALDESK_DEK_CACHE_SIZE", 10_000, int)
SEALDESK_DEK_CACHE_TTL = _env_number("SEALDESK_DEK_CACHE_TTL", 300.0, float)
# How often (seconds) a process outside a request checks whether a key was revoked.
SEALDESK_KEYRING_CHECK_INTERVAL = _env_number("SEALDESK_KEYRING_CHECK_INTERVAL", 5.0, float)

SEALDESK_KEY_DESTROY_AFTER_DAYS = _env_number("SEALDESK_KEY_DESTROY_AFTER_DAYS", 30, int)
SEALDESK_REENCRYPT_BATCH_SIZE = _env_number("SEALDESK_REENCRYPT_BATCH_SIZE", 500, int)
SEALDESK_REENCRYPT_STALE_SECONDS = _env_number("SEALDESK_REENCRYPT_STALE_SECONDS", 120, int)

# Phone numbers without a country code are read as numbers of this region (ISO 3166 code).
SEALDESK_PHONE_REGION = _env_str("SEALDESK_PHONE_REGION", "DE").upper()
