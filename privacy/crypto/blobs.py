"""Sealing bytes kept outside encrypted columns (attachment contents on disk)."""

from . import keyring


def seal_blob(data: bytes, *, subject: str | None, associated_data: bytes) -> bytes:
    """Encrypt under the subject's active DEK; `associated_data` must name the owning row."""
    return keyring.seal_value(data, subject=subject, context=associated_data)


def open_blob(sealed: bytes, *, associated_data: bytes) -> bytes:
    """Raises KeyUnavailable (key revoked or unreachable) or DecryptionFailed (bad blob)."""
    return keyring.open_value(sealed, context=associated_data)
