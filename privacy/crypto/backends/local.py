"""KEKs supplied by the admin as base64 material (env var or file), held in memory only."""

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .. import keyfile
from ..exceptions import DecryptionFailed, KeyUnavailable, KmsConfigError
from .base import KmsBackend

NONCE_BYTES = 12


def key_ref_for(key: bytes) -> str:
    """A key check value: identifies material without revealing it."""
    return "kcv-" + hmac.new(key, b"sealdesk key check value", hashlib.sha256).hexdigest()[:16]


class LocalBackend(KmsBackend):
    name = "local"

    def __init__(self, *, keys: tuple[bytes, ...] | None, key_file: Path, allow_generate: bool):
        self._configured = keys
        self._key_file = key_file
        self._allow_generate = allow_generate
        self._keys: dict[str, bytes] | None = None
        self._newest: str | None = None

    def _load(self) -> dict[str, bytes]:
        if self._keys is None:
            keys = self._configured or self._keys_from_file()
            self._keys = {key_ref_for(k): k for k in keys}
            self._newest = key_ref_for(keys[0])
        return self._keys

    def _keys_from_file(self) -> tuple[bytes, ...]:
        if not self._key_file.exists():
            if not self._allow_generate:
                raise KmsConfigError(
                    "no local KEK configured: set SEALDESK_LOCAL_KEK or SEALDESK_LOCAL_KEK_FILE"
                )
            keyfile.generate_key_file(self._key_file, purpose="local KEK")
        return keyfile.read_keys(self._key_file, name="SEALDESK_LOCAL_KEK_FILE")

    def _key(self, key_ref: str) -> bytes:
        key = self._load().get(key_ref)
        if key is None:
            raise KeyUnavailable(f"local KEK {key_ref} is not among the configured keys")
        return key

    def current_key_ref(self) -> str:
        self._load()
        return self._newest

    def create_key(self) -> str:
        return self.current_key_ref()

    def wrap(self, *, key_ref: str, dek: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + AESGCM(self._key(key_ref)).encrypt(nonce, dek, context)

    def unwrap(self, *, key_ref: str, wrapped: bytes, context: bytes) -> bytes:
        key = self._key(key_ref)
        try:
            return AESGCM(key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], context)
        except InvalidTag:
            raise DecryptionFailed(f"wrapped DEK does not open under local KEK {key_ref}") from None

    def describe(self) -> dict:
        source = "environment" if self._configured else str(self._key_file)
        return {"backend": self.name, "source": source}

    def health(self) -> dict:
        try:
            count = len(self._load())
        except KmsConfigError as exc:
            return {"ok": False, "detail": str(exc)}
        return {"ok": True, "detail": f"{count} key(s) loaded"}
