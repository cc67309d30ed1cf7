"""AES-256-GCM envelope format.

A sealed value is: version byte | DEK id (16 bytes) | nonce (12 bytes) | ciphertext + tag.
The header and the caller's context (table, column, row) are both authenticated, so a
ciphertext copied to another row, column or key id fails to open.
"""

import os
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .exceptions import DecryptionFailed

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = 1 + 16
OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES


@dataclass(frozen=True, slots=True)
class Header:
    version: int
    dek_id: uuid.UUID


def bind(table: str, column: str, pk: object) -> bytes:
    """The associated data naming where a value lives."""
    return f"sealdesk:{table}:{column}:{pk}".encode()


class Cipher:
    """AES-GCM under one DEK, for sealing and opening many values: building the AESGCM object
    costs about as much as using it once, so batch jobs keep one per key."""

    __slots__ = ("_aead", "_header")

    def __init__(self, *, key: bytes, dek_id: uuid.UUID):
        self._aead = AESGCM(key)
        self._header = bytes([VERSION]) + dek_id.bytes

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self._header + nonce + self._aead.encrypt(nonce, plaintext, self._header + context)

    def open(self, blob: bytes, context: bytes) -> bytes:
        _check_format(blob)
        body_start = HEADER_BYTES + NONCE_BYTES
        header, nonce, body = blob[:HEADER_BYTES], blob[HEADER_BYTES:body_start], blob[body_start:]
        try:
            return self._aead.decrypt(nonce, body, header + context)
        except InvalidTag:
            raise DecryptionFailed("authentication failed: tampered or bound elsewhere") from None


def seal(*, key: bytes, dek_id: uuid.UUID, plaintext: bytes, context: bytes) -> bytes:
    return Cipher(key=key, dek_id=dek_id).seal(plaintext, context)


def _known_format(blob: bytes) -> bool:
    return len(blob) >= OVERHEAD and blob[0] == VERSION


def _check_format(blob: bytes) -> None:
    if not _known_format(blob):
        raise DecryptionFailed("not a sealed value of a known format version")


def read_header(blob: bytes) -> Header:
    _check_format(blob)
    return Header(version=blob[0], dek_id=uuid.UUID(bytes=bytes(blob[1:HEADER_BYTES])))


def dek_id_bytes(blob: bytes) -> bytes | None:
    """The DEK id a sealed value names, as its 16 raw bytes (`uuid.UUID.bytes`); None if the
    value is not of a known format. Cheaper than `read_header` for jobs that look at many."""
    return bytes(blob[1:HEADER_BYTES]) if _known_format(blob) else None


def open_sealed(*, key: bytes, blob: bytes, context: bytes) -> bytes:
    return Cipher(key=key, dek_id=read_header(blob).dek_id).open(blob, context)
