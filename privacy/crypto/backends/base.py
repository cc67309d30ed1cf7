"""The interface every KMS backend implements. A key reference (`key_ref`) is the
backend's own name for one KEK version; it is stored in the database, the material is not."""

from abc import ABC, abstractmethod


class KmsBackend(ABC):
    name: str

    @abstractmethod
    def current_key_ref(self) -> str:
        """The KEK to use when none is registered yet (created in the backend if absent)."""

    @abstractmethod
    def create_key(self) -> str:
        """A new KEK version for rotation; returns its reference."""

    @abstractmethod
    def wrap(self, *, key_ref: str, dek: bytes, context: bytes) -> bytes: ...

    @abstractmethod
    def unwrap(self, *, key_ref: str, wrapped: bytes, context: bytes) -> bytes: ...

    def rewrap(self, *, old_ref: str, new_ref: str, wrapped: bytes, context: bytes) -> bytes:
        dek = self.unwrap(key_ref=old_ref, wrapped=wrapped, context=context)
        return self.wrap(key_ref=new_ref, dek=dek, context=context)

    def enforce_revocations(self, *, live_refs: list[str]) -> None:
        """Make the backend itself refuse KEKs outside `live_refs`, where it can."""
        return None

    def destroy(self, *, key_ref: str, keep_refs: list[str]) -> None:
        """Destroy a KEK's material, where the backend holds it; `keep_refs` must survive."""
        return None

    @abstractmethod
    def describe(self) -> dict:
        """Configuration facts safe to print: never key material, PINs or tokens."""

    @abstractmethod
    def health(self) -> dict:
        """{"ok": bool, "detail": str}; never raises."""
