"""KEKs generated inside a PKCS#11 token (an HSM), non-extractable; DEKs are wrapped with
AES-GCM by the token itself, so KEK material never reaches this process."""

import os
import threading

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
from pkcs11.exceptions import NoSuchToken, PinIncorrect, PKCS11Error, UserAlreadyLoggedIn
from pkcs11.mechanisms import GCMParams

from ..exceptions import DecryptionFailed, KeyUnavailable, KmsConfigError, KmsError
from .base import KmsBackend

NONCE_BYTES = 12


class Pkcs11Backend(KmsBackend):
    name = "pkcs11"

    def __init__(self, *, library: str, token_label: str, pin: str, key_label: str):
        self._library = library
        self._token_label = token_label
        self._pin = pin
        self._key_label = key_label
        self._session = None
        self._handles: dict[str, object] = {}
        self._lock = threading.RLock()

    def _open(self):
        if self._session is None:
            if not os.path.exists(self._library):
                raise KmsConfigError(f"PKCS#11 library not found: {self._library}")
            try:
                token = pkcs11.lib(self._library).get_token(token_label=self._token_label)
                try:
                    self._session = token.open(rw=True, user_pin=self._pin)
                except UserAlreadyLoggedIn:  # the login is per process, shared by sessions
                    self._session = token.open(rw=True)
            except PinIncorrect:
                raise KmsConfigError("PKCS#11 login failed: wrong PIN") from None
            except NoSuchToken:
                raise KmsConfigError(f"PKCS#11 token not found: {self._token_label}") from None
            except (PKCS11Error, RuntimeError) as exc:
                raise KmsError(f"PKCS#11 token unreachable: {type(exc).__name__}") from None
        return self._session

    def _handle(self, key_ref: str):
        handle = self._handles.get(key_ref)
        if handle is None:
            matches = list(
                self._open().get_objects(
                    {Attribute.CLASS: ObjectClass.SECRET_KEY, Attribute.ID: bytes.fromhex(key_ref)}
                )
            )
            if not matches:
                raise KeyUnavailable(f"PKCS#11 key {key_ref} is not in the token")
            handle = self._handles[key_ref] = matches[0]
        return handle

    def _generate(self) -> str:
        key_id = os.urandom(16)
        self._open().generate_key(
            KeyType.AES,
            256,
            id=key_id,
            label=self._key_label,
            store=True,
            template={
                Attribute.EXTRACTABLE: False,
                Attribute.SENSITIVE: True,
                Attribute.ENCRYPT: True,
                Attribute.DECRYPT: True,
            },
        )
        return key_id.hex()

    def current_key_ref(self) -> str:
        with self._lock:
            keys = list(
                self._open().get_objects(
                    {Attribute.CLASS: ObjectClass.SECRET_KEY, Attribute.LABEL: self._key_label}
                )
            )
            if len(keys) > 1:
                raise KmsConfigError(
                    f"PKCS#11 token holds {len(keys)} keys labelled {self._key_label}; "
                    "register one explicitly"
                )
            return keys[0][Attribute.ID].hex() if keys else self._generate()

    def create_key(self) -> str:
        with self._lock:
            return self._generate()

    def wrap(self, *, key_ref: str, dek: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        with self._lock:
            try:
                body = self._handle(key_ref).encrypt(
                    dek, mechanism=Mechanism.AES_GCM, mechanism_param=GCMParams(nonce, context)
                )
            except PKCS11Error as exc:
                raise KmsError(f"PKCS#11 wrap failed: {type(exc).__name__}") from None
        return nonce + body

    def unwrap(self, *, key_ref: str, wrapped: bytes, context: bytes) -> bytes:
        nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        with self._lock:
            try:
                return self._handle(key_ref).decrypt(
                    body, mechanism=Mechanism.AES_GCM, mechanism_param=GCMParams(nonce, context)
                )
            except PKCS11Error:
                raise DecryptionFailed(f"PKCS#11 key {key_ref} refused the wrapped DEK") from None

    def destroy(self, *, key_ref: str, keep_refs: list[str]) -> None:
        with self._lock:
            try:
                self._handle(key_ref).destroy()
            except KeyUnavailable:
                return
            self._handles.pop(key_ref, None)

    def describe(self) -> dict:
        return {
            "backend": self.name,
            "library": self._library,
            "token": self._token_label,
            "key_label": self._key_label,
        }

    def health(self) -> dict:
        try:
            with self._lock:
                self._open()
        except (KmsError, KeyUnavailable) as exc:
            return {"ok": False, "detail": str(exc)}
        return {"ok": True, "detail": f"token {self._token_label} open"}
