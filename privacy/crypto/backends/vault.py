"""KEKs held by HashiCorp Vault / OpenBao transit. Each DEK is wrapped under a derived key
(context = the DEK's binding), key versions are KEK versions, rotation uses `rewrap` so DEKs
never pass through this process in the clear, and `min_decryption_version` enforces
revocation inside Vault too."""

import base64
import functools

import hvac
import requests
from hvac import exceptions as hvac_errors

from ..exceptions import DecryptionFailed, KeyUnavailable, KmsConfigError, KmsError
from .base import KmsBackend


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _translate(call):
    """Map client errors to our exceptions; messages name the cause, never the payload."""

    @functools.wraps(call)
    def wrapper(self, *args, **kwargs):
        try:
            return call(self, *args, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            raise KmsError(f"Vault unreachable at {self._addr}") from None
        except (hvac_errors.Forbidden, hvac_errors.Unauthorized):
            raise KmsConfigError("Vault refused the token (permission denied)") from None
        except hvac_errors.InvalidRequest as exc:
            text = str(exc)
            if "disallowed by policy" in text or "no such key version" in text:
                raise KeyUnavailable("Vault refuses this KEK version (revoked)") from None
            if "authentication failed" in text:
                raise DecryptionFailed("Vault could not open the wrapped DEK") from None
            raise KmsError("Vault rejected the request: " + text.split(",")[0]) from None
        except hvac_errors.InvalidPath:
            raise KeyUnavailable("Vault transit key not found") from None
        except hvac_errors.VaultError as exc:
            raise KmsError(f"Vault error: {type(exc).__name__}") from None

    return wrapper


class VaultBackend(KmsBackend):
    name = "vault"

    def __init__(self, *, addr: str, token: str, mount: str, key_name: str, timeout: float):
        self._addr = addr
        self._mount = mount
        self._key_name = key_name
        self._client = hvac.Client(url=addr, token=token, timeout=timeout)
        self._transit = self._client.secrets.transit

    def _version(self, key_ref: str) -> int:
        name, _, version = key_ref.rpartition(":v")
        if name != self._key_name or not version.isdigit():
            raise KeyUnavailable(f"KEK {key_ref} does not belong to Vault key {self._key_name}")
        return int(version)

    def _ref(self, version: int) -> str:
        return f"{self._key_name}:v{version}"

    def _read(self) -> dict:
        return self._transit.read_key(name=self._key_name, mount_point=self._mount)["data"]

    @_translate
    def current_key_ref(self) -> str:
        try:
            return self._ref(self._read()["latest_version"])
        except hvac_errors.InvalidPath:
            self._transit.create_key(
                name=self._key_name, derived=True, key_type="aes256-gcm96", mount_point=self._mount
            )
            return self._ref(1)

    @_translate
    def create_key(self) -> str:
        self._transit.rotate_key(name=self._key_name, mount_point=self._mount)
        return self._ref(self._read()["latest_version"])

    @_translate
    def wrap(self, *, key_ref: str, dek: bytes, context: bytes) -> bytes:
        data = self._transit.encrypt_data(
            name=self._key_name,
            plaintext=_b64(dek),
            context=_b64(context),
            key_version=self._version(key_ref),
            mount_point=self._mount,
        )["data"]
        return data["ciphertext"].encode()

    @_translate
    def unwrap(self, *, key_ref: str, wrapped: bytes, context: bytes) -> bytes:
        self._version(key_ref)
        data = self._transit.decrypt_data(
            name=self._key_name,
            ciphertext=wrapped.decode(),
            context=_b64(context),
            mount_point=self._mount,
        )["data"]
        return base64.b64decode(data["plaintext"])

    @_translate
    def rewrap(self, *, old_ref: str, new_ref: str, wrapped: bytes, context: bytes) -> bytes:
        self._version(old_ref)
        data = self._transit.rewrap_data(
            name=self._key_name,
            ciphertext=wrapped.decode(),
            context=_b64(context),
            key_version=self._version(new_ref),
            mount_point=self._mount,
        )["data"]
        return data["ciphertext"].encode()

    @_translate
    def enforce_revocations(self, *, live_refs: list[str]) -> None:
        versions = [self._version(r) for r in live_refs]
        if not versions:
            self._transit.rotate_key(name=self._key_name, mount_point=self._mount)
        floor = min(versions) if versions else self._read()["latest_version"]
        self._transit.update_key_configuration(
            name=self._key_name, min_decryption_version=floor, mount_point=self._mount
        )

    @_translate
    def destroy(self, *, key_ref: str, keep_refs: list[str]) -> None:
        """Vault trims versions in order: a version goes once every older one may go too."""
        info = self._read()
        kept = [self._version(r) for r in keep_refs]
        target = min([*kept, info["min_decryption_version"]])
        if target > info.get("min_available_version", 0):
            self._transit.trim_key(
                name=self._key_name, min_version=target, mount_point=self._mount
            )

    def describe(self) -> dict:
        return {
            "backend": self.name,
            "addr": self._addr,
            "mount": self._mount,
            "key_name": self._key_name,
        }

    def health(self) -> dict:
        try:
            info = _translate(VaultBackend._read)(self)
        except KeyUnavailable:
            return {"ok": True, "detail": f"Vault reachable; key {self._key_name} is created on first use"}
        except (KmsError, DecryptionFailed) as exc:
            return {"ok": False, "detail": str(exc)}
        return {"ok": True, "detail": f"Vault key {self._key_name} at v{info['latest_version']}"}
