"""Key lifecycle operations: rotate, revoke, restore, destroy. Callers (privacy.keys) add the
audit record in the same transaction; nothing here ever returns key material."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import keyring
from .backends import get_backend
from .exceptions import CryptoError, KmsConfigError
from .models import READABLE_STATES, DataKey, KeyEncryptionKey, KeyState, ReencryptionJob
from .usage import values_per_dek

REWRAP_BATCH = 500


class KeyNotFound(CryptoError):
    """No KEK or DEK has this id."""


class KeyStateError(CryptoError):
    """The key is not in a state that allows the operation."""


@dataclass(frozen=True)
class Impact:
    """What a revocation makes unreadable."""

    key: KeyEncryptionKey | DataKey
    data_keys: int
    subjects: int
    values: int


def find_key(key_id: str) -> KeyEncryptionKey | DataKey:
    try:
        pk = uuid.UUID(str(key_id))
    except ValueError:
        raise KeyNotFound(f"{key_id!r} is not a key id (a UUID)") from None
    key = KeyEncryptionKey.objects.filter(pk=pk).first() or DataKey.objects.filter(pk=pk).first()
    if key is None:
        raise KeyNotFound(f"no KEK or DEK with id {pk}")
    return key


def _deks_of(key) -> list:
    if isinstance(key, DataKey):
        return [(key.id, key.subject)]
    return list(key.data_keys.filter(state__in=READABLE_STATES).values_list("id", "subject"))


def revocation_impact(key) -> Impact:
    deks = _deks_of(key)
    counts = values_per_dek()
    return Impact(
        key=key,
        data_keys=len(deks),
        subjects=len({subject for _, subject in deks}),
        values=sum(counts.get(dek_id, 0) for dek_id, _ in deks),
    )


def _live_refs() -> list[str]:
    backend = get_backend().name
    kept = KeyEncryptionKey.objects.filter(backend=backend, state__in=READABLE_STATES)
    return list(kept.values_list("key_ref", flat=True))


def kek_rotate() -> KeyEncryptionKey:
    """A new KEK version; every readable DEK is re-wrapped under it. No value is re-encrypted."""
    backend = get_backend()
    with transaction.atomic():
        old = keyring.active_kek()
        old = KeyEncryptionKey.objects.select_for_update().get(pk=old.pk)
        new_ref = backend.create_key()
        if KeyEncryptionKey.objects.filter(backend=backend.name, key_ref=new_ref).exists():
            raise KmsConfigError(
                "the backend offers no new KEK: for the local backend put the new key first "
                "in SEALDESK_LOCAL_KEK (or the key file), keeping the old one after it"
            )
        KeyEncryptionKey.objects.filter(pk=old.pk).update(state=KeyState.RETIRED)
        new = KeyEncryptionKey.objects.create(backend=backend.name, key_ref=new_ref)
        _rewrap_all(new)
        keyring.bump_generation()
    return new


def _rewrap_all(new: KeyEncryptionKey) -> None:
    backend = get_backend()
    deks = DataKey.objects.select_related("kek").filter(
        state__in=READABLE_STATES, kek__state=KeyState.RETIRED, kek__backend=backend.name
    )
    batch = []
    for dek in deks.iterator(chunk_size=REWRAP_BATCH):
        dek.wrapped = backend.rewrap(
            old_ref=dek.kek.key_ref,
            new_ref=new.key_ref,
            wrapped=bytes(dek.wrapped),
            context=keyring.dek_context(dek.id),
        )
        dek.kek = new
        batch.append(dek)
        if len(batch) >= REWRAP_BATCH:
            DataKey.objects.bulk_update(batch, ["wrapped", "kek"])
            batch = []
    DataKey.objects.bulk_update(batch, ["wrapped", "kek"])


def dek_rotate(*, subject: str | None = None) -> tuple[int, ReencryptionJob]:
    """Retire the active DEKs (all, or one subject's); new ones are made on next use, and the
    returned job moves existing values onto them."""
    with transaction.atomic():
        deks = DataKey.objects.select_for_update().filter(state=KeyState.ACTIVE)
        if subject is not None:
            deks = deks.filter(subject=subject)
        count = deks.update(state=KeyState.RETIRED)
        if subject is not None and count == 0:
            raise KeyNotFound(f"subject {subject} has no active data key")
        job = ReencryptionJob.objects.create(scope="all" if subject is None else f"subject:{subject}")
        keyring.bump_generation()
    return count, job


def key_revoke(*, key_id: str, destroy_after: timedelta) -> Impact:
    """Make everything under the key unreadable at once; material is destroyed only after
    `destroy_after`, until then `key_restore` undoes it."""
    with transaction.atomic():
        key = find_key(key_id)
        key = type(key).objects.select_for_update().get(pk=key.pk)
        if key.state not in READABLE_STATES:
            raise KeyStateError(f"{key} is already {key.state}")
        impact = revocation_impact(key)
        now = timezone.now()
        key.state, key.revoked_at, key.destroy_after = KeyState.REVOKED, now, now + destroy_after
        key.save(update_fields=["state", "revoked_at", "destroy_after"])
        keyring.bump_generation()
        if isinstance(key, KeyEncryptionKey):
            get_backend().enforce_revocations(live_refs=_live_refs())
    return impact


def key_restore(*, key_id: str) -> KeyEncryptionKey | DataKey:
    with transaction.atomic():
        key = find_key(key_id)
        key = type(key).objects.select_for_update().get(pk=key.pk)
        if key.state != KeyState.REVOKED:
            raise KeyStateError(f"{key} is {key.state}, not revoked")
        if key.destroy_after <= timezone.now():
            raise KeyStateError(f"{key} is past its waiting period and due for destruction")
        key.state = KeyState.ACTIVE if not _has_active_peer(key) else KeyState.RETIRED
        key.revoked_at = key.destroy_after = None
        key.save(update_fields=["state", "revoked_at", "destroy_after"])
        keyring.bump_generation()
        if isinstance(key, KeyEncryptionKey):
            get_backend().enforce_revocations(live_refs=_live_refs())
    return key


def _has_active_peer(key) -> bool:
    if isinstance(key, KeyEncryptionKey):
        return KeyEncryptionKey.objects.filter(state=KeyState.ACTIVE).exists()
    return DataKey.objects.filter(subject=key.subject, state=KeyState.ACTIVE).exists()


def keys_destroy_due() -> list[KeyEncryptionKey | DataKey]:
    """Destroy revoked keys whose waiting period is over: KEK material in the backend where it
    lives there, and the wrapped DEKs in the database (crypto-shredding)."""
    now = timezone.now()
    destroyed = []
    for model in (DataKey, KeyEncryptionKey):
        for key in model.objects.filter(state=KeyState.REVOKED, destroy_after__lte=now):
            with transaction.atomic():
                _destroy(key)
            destroyed.append(key)
    return destroyed


def _destroy(key) -> None:
    if isinstance(key, KeyEncryptionKey):
        keep = list(
            KeyEncryptionKey.objects.exclude(state=KeyState.DESTROYED).exclude(pk=key.pk)
            .filter(backend=key.backend).values_list("key_ref", flat=True)
        )
        if key.backend == get_backend().name:
            get_backend().destroy(key_ref=key.key_ref, keep_refs=keep)
        key.data_keys.update(state=KeyState.DESTROYED, wrapped=b"")
    else:
        key.wrapped = b""
    key.state = KeyState.DESTROYED
    key.save()
    keyring.bump_generation()
