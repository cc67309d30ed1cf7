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


def seal(*, key: bytes, dek_id: uuid.UUID, plaintext: bytes, context: bytes) -> bytes:
    header = bytes([VERSION]) + dek_id.bytes
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + context)


def read_header(blob: bytes) -> Header:
    if len(blob) < OVERHEAD or blob[0] != VERSION:
        raise DecryptionFailed("not a sealed value of a known format version")
    return Header(version=blob[0], dek_id=uuid.UUID(bytes=bytes(blob[1:HEADER_BYTES])))


def open_sealed(*, key: bytes, blob: bytes, context: bytes) -> bytes:
    read_header(blob)
    header, rest = blob[:HEADER_BYTES], blob[HEADER_BYTES:]
    nonce, body = rest[:NONCE_BYTES], rest[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, header + context)
    except InvalidTag:
        raise DecryptionFailed("authentication failed: tampered or bound elsewhere") from None
