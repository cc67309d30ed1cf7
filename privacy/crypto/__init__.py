"""Field-level envelope encryption: KMS backends, encrypted fields, blind indexes.

Import fields from `privacy.crypto.fields`, search helpers from `privacy.crypto.search`.
This module itself loads no models, so it is safe to import from settings and apps.
"""

from .exceptions import CryptoError, DecryptionFailed, EncryptedFieldError, KeyUnavailable, KmsConfigError, KmsError
from .marker import UNAVAILABLE, is_unavailable

__all__ = [
    "UNAVAILABLE",
    "CryptoError",
    "DecryptionFailed",
    "EncryptedFieldError",
    "KeyUnavailable",
    "KmsConfigError",
    "KmsError",
    "health",
    "is_unavailable",
]


def health() -> dict:
    """For /healthz: is the KMS backend reachable? Never raises, never shows key material."""
    from .backends import get_backend

    try:
        backend = get_backend()
    except CryptoError as exc:
        return {"ok": False, "backend": "unknown", "detail": str(exc)}
    return {"backend": backend.name, **backend.health()}
