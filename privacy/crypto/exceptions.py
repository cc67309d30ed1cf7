"""Errors raised by the crypto package. Messages never carry key material or plaintext."""


class CryptoError(Exception):
    """Base class for every error of the crypto package."""


class KeyUnavailable(CryptoError):
    """The data key or its KEK is revoked, destroyed, missing or its backend is unreachable."""


class DecryptionFailed(CryptoError):
    """The ciphertext is malformed, tampered with, or bound to another table, column or row."""


class KmsError(CryptoError):
    """The KMS backend failed or is unreachable."""


class KmsConfigError(KmsError):
    """The KMS backend is misconfigured (bad or missing key material, unknown backend)."""


class EncryptedFieldError(CryptoError):
    """An encrypted field was used in a way that would store or query plaintext."""
