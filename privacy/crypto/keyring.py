"""Data keys: one active DEK per data subject, unwrapped on demand and cached in memory.

Revocation bumps `KeyringGeneration`; every process compares it at most once per request
(or every SEALDESK_KEYRING_CHECK_INTERVAL seconds outside requests) and forgets its keys.
"""

import os
import time
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.signals import request_started, setting_changed
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from . import envelope
from .backends import get_backend
from .cache import TTLCache
from .exceptions import CryptoError, KeyUnavailable, KmsError
from .models import (
    READABLE_STATES,
    SYSTEM_SUBJECT,
    DataKey,
    KeyEncryptionKey,
    KeyringGeneration,
    KeyState,
)
from .sql import copy_rows, in_sql

NEGATIVE_TTL = 10.0


class _Kek(NamedTuple):
    id: uuid.UUID
    state: str
    backend: str
    key_ref: str


class _Dek(NamedTuple):
    """A DataKey row read without building a model instance (batch jobs read thousands)."""

    id: uuid.UUID
    subject: str
    state: str
    wrapped: bytes
    kek: _Kek


_DEK_FIELDS = ("id", "subject", "state", "wrapped", "kek__id", "kek__state", "kek__backend", "kek__key_ref")


def _deks(queryset) -> list[_Dek]:
    return [_Dek(*row[:4], _Kek(*row[4:])) for row in queryset.values_list(*_DEK_FIELDS)]


def _deks_by_id(dek_ids: set[uuid.UUID]) -> list[_Dek]:
    """Like `_deks`, for thousands of ids: one array parameter instead of a placeholder each."""
    key = DataKey._meta.pk
    match, params = in_sql("d.id", key, list(dek_ids))
    sql = (
        "SELECT d.id, d.subject, d.state, d.wrapped, k.id, k.state, k.backend, k.key_ref "  # noqa: S608
        f"FROM crypto_datakey d JOIN crypto_keyencryptionkey k ON k.id = d.kek_id WHERE {match}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_Dek(key.to_python(r[0]), *r[1:4], _Kek(key.to_python(r[4]), *r[5:])) for r in rows]


class _Memory:
    """Per-process key memory: DEKs by id, active DEK ids by subject, recent failures."""

    def __init__(self) -> None:
        self.configure()

    def configure(self) -> None:
        size, ttl = settings.SEALDESK_DEK_CACHE_SIZE, settings.SEALDESK_DEK_CACHE_TTL
        self.keys = TTLCache(max_size=size, ttl=ttl)
        self.active = TTLCache(max_size=size, ttl=ttl)
        self.failures = TTLCache(max_size=size, ttl=NEGATIVE_TTL)
        self.pending: set[uuid.UUID] = set()
        self.uncommitted: dict[str, tuple[uuid.UUID, list]] = {}
        self.generation: int | None = None
        self.checked_at = 0.0
        self.check_now = True

    def clear(self) -> None:
        for cache in (self.keys, self.active, self.failures):
            cache.clear()
        self.uncommitted.clear()


_memory = _Memory()


def dek_context(dek_id: uuid.UUID) -> bytes:
    return f"sealdesk-dek:{dek_id}".encode()


def _current_generation() -> int:
    """Read on every request that opens a value: one plain statement, without the ORM's cost of
    building it (about half a millisecond of CPU, on every page)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {KeyringGeneration._meta.db_table} WHERE id = 1")  # noqa: S608 - a model's own table name
        row = cursor.fetchone()
    return row[0] if row and row[0] else 0


def _check_generation() -> None:
    now = time.monotonic()
    if not _memory.check_now and now - _memory.checked_at < settings.SEALDESK_KEYRING_CHECK_INTERVAL:
        return
    generation = _current_generation()
    if generation != _memory.generation:
        _memory.clear()
        _memory.generation = generation
    _memory.checked_at, _memory.check_now = now, False


def bump_generation() -> None:
    """Tell every process to forget its unwrapped keys (call inside the revoking transaction)."""
    updated = KeyringGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        KeyringGeneration.objects.create(pk=1, value=1)
    forget_keys()


def forget_keys() -> None:
    _memory.clear()
    _memory.check_now = True


def active_kek() -> KeyEncryptionKey:
    """The KEK new DEKs are wrapped under; registered from the backend on first use."""
    kek = KeyEncryptionKey.objects.filter(state=KeyState.ACTIVE).first()
    if kek is not None:
        return kek
    if KeyEncryptionKey.objects.exists():
        raise KeyUnavailable("no active KEK (it was revoked): restore it or rotate to a new one")
    backend = get_backend()
    try:
        with transaction.atomic():
            return KeyEncryptionKey.objects.create(
                backend=backend.name, key_ref=backend.current_key_ref()
            )
    except IntegrityError:
        return KeyEncryptionKey.objects.get(state=KeyState.ACTIVE)


def _usable_kek(kek: KeyEncryptionKey | _Kek) -> None:
    if kek.state not in READABLE_STATES:
        raise KeyUnavailable(f"KEK {kek.id} is {kek.state}")
    if kek.backend != get_backend().name:
        raise KeyUnavailable(f"KEK {kek.id} belongs to the {kek.backend} backend")


def _unwrap(dek: DataKey | _Dek) -> bytes:
    if dek.state not in READABLE_STATES:
        raise KeyUnavailable(f"DEK {dek.id} is {dek.state}")
    _usable_kek(dek.kek)
    try:
        key = get_backend().unwrap(
            key_ref=dek.kek.key_ref, wrapped=bytes(dek.wrapped), context=dek_context(dek.id)
        )
    except KmsError as exc:
        raise KeyUnavailable(f"DEK {dek.id}: {exc}") from None
    _memory.keys.put(dek.id, key)
    return key


def dek_by_id(dek_id: uuid.UUID) -> bytes:
    """The unwrapped DEK; raises KeyUnavailable if it or its KEK cannot be used."""
    _check_generation()
    key = _memory.keys.get(dek_id)
    if key is not None:
        return key
    failure = _memory.failures.get(dek_id)
    if failure is not None:
        raise KeyUnavailable(failure)
    try:
        dek = DataKey.objects.select_related("kek").filter(pk=dek_id).first()
        if dek is None:
            raise KeyUnavailable(f"DEK {dek_id} does not exist")
        return _unwrap(dek)
    except CryptoError as exc:
        _memory.failures.put(dek_id, str(exc))
        raise KeyUnavailable(str(exc)) from None


def preload(dek_ids: set[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    """Unwrap many DEKs with one query (for batch jobs); returns the usable ones, unusable ones
    are just skipped."""
    _check_generation()
    found = _cached(dek_ids)
    missing = set(dek_ids) - found.keys()
    return found | (_unwrap_each(_deks_by_id(missing)) if missing else {})


def deks_read(dek_ids: set[uuid.UUID]) -> list[_Dek]:
    """The rows of these DEKs with their KEKs, in one query: for a batch job that looks at their
    states and subjects before it asks for their keys (`deks_unwrap`), so it reads them once."""
    _check_generation()
    return _deks_by_id(dek_ids) if dek_ids else []


def deks_unwrap(deks: list[_Dek]) -> dict[uuid.UUID, bytes]:
    """`preload` for rows `deks_read` gave: the usable keys, from memory where they are."""
    found = _cached(dek.id for dek in deks)
    return found | _unwrap_each(dek for dek in deks if dek.id not in found)


def _cached(dek_ids) -> dict[uuid.UUID, bytes]:
    return {dek_id: key for dek_id in dek_ids if (key := _memory.keys.get(dek_id)) is not None}


def _unwrap_each(deks) -> dict[uuid.UUID, bytes]:
    """The keys of those DEKs that can be unwrapped; why the others cannot is remembered."""
    found = {}
    for dek in deks:
        try:
            found[dek.id] = _unwrap(dek)
        except CryptoError as exc:
            _memory.failures.put(dek.id, str(exc))
    return found


def _create_dek(subject: str) -> DataKey:
    kek = active_kek()
    _usable_kek(kek)
    dek_id, key = uuid.uuid4(), os.urandom(envelope.KEY_BYTES)
    wrapped = get_backend().wrap(key_ref=kek.key_ref, dek=key, context=dek_context(dek_id))
    try:
        with transaction.atomic():
            dek = DataKey.objects.create(id=dek_id, subject=subject, kek=kek, wrapped=wrapped)
    except IntegrityError:
        return DataKey.objects.select_related("kek").get(subject=subject, state=KeyState.ACTIVE)
    _memory.keys.put(dek.id, key)
    return dek


def dek_for_subject(subject: str | None) -> tuple[uuid.UUID, bytes]:
    """The active DEK of a data subject (None: the system DEK), created on first use."""
    subject = subject or SYSTEM_SUBJECT
    _check_generation()
    dek_id = _memory.active.get(subject) or _uncommitted_active(subject)
    if dek_id is None:
        found = DataKey.objects.select_related("kek").filter(subject=subject, state=KeyState.ACTIVE).first()
        dek = found or _create_dek(subject)
        dek_id = dek.id
        if _memory.keys.get(dek_id) is None:
            _unwrap(dek)
        _remember_active(subject, dek_id, committed=found is not None and dek_id not in _memory.pending)
    return dek_id, dek_by_id(dek_id)


def deks_for_subjects(subjects: set[str]) -> dict[str, tuple[uuid.UUID, bytes]]:
    """`dek_for_subject` for many subjects with a few queries (for batch jobs)."""
    _check_generation()
    known = {subject: dek_id for subject in subjects if (dek_id := _memory.active.get(subject)) is not None}
    keys = preload(set(known.values()))  # one query for those that fell out of the key cache
    result = {subject: (dek_id, keys[dek_id]) for subject, dek_id in known.items() if dek_id in keys}
    rest = subjects - result.keys()
    for dek in _deks(DataKey.objects.filter(subject__in=rest, state=KeyState.ACTIVE)):
        key = _memory.keys.get(dek.id) or _unwrap(dek)
        _remember_active(dek.subject, dek.id, committed=dek.id not in _memory.pending)
        result[dek.subject] = (dek.id, key)
    missing = rest - result.keys()
    if missing:
        result.update(_create_deks(missing))
    return result


def _create_deks(subjects: set[str]) -> dict[str, tuple[uuid.UUID, bytes]]:
    kek = active_kek()
    _usable_kek(kek)
    backend, made = get_backend(), {}
    for subject in subjects:
        dek_id, key = uuid.uuid4(), os.urandom(envelope.KEY_BYTES)
        wrapped = backend.wrap(key_ref=kek.key_ref, dek=key, context=dek_context(dek_id))
        made[subject] = (DataKey(id=dek_id, subject=subject, kek=kek, wrapped=wrapped), key)
    try:
        with transaction.atomic():
            _insert_deks([dek for dek, _ in made.values()])
    except IntegrityError:  # another process made some of them: take the slow, exact path
        return {subject: dek_for_subject(subject) for subject in subjects}
    for subject, (dek, key) in made.items():
        _memory.keys.put(dek.id, key)
        _remember_active(subject, dek.id, committed=False)
    return {subject: (dek.id, key) for subject, (dek, key) in made.items()}


def _insert_deks(deks: list[DataKey]) -> None:
    """One COPY on PostgreSQL: a rotation makes a new DEK for every subject it meets."""
    if connection.vendor != "postgresql":
        DataKey.objects.bulk_create(deks)
        return
    now, columns = timezone.now(), ["id", "subject", "kek_id", "wrapped", "state", "created"]
    types = ["uuid", "text", "uuid", "bytea", "text", "timestamptz"]
    rows = ((dek.id, dek.subject, dek.kek_id, dek.wrapped, dek.state, now) for dek in deks)
    with connection.cursor() as cursor:
        copy_rows(cursor, DataKey._meta.db_table, columns, types, rows)


def _remember_active(subject: str, dek_id: uuid.UUID, *, committed: bool) -> None:
    """Remember a subject's DEK only once its row is committed: a rolled-back DEK must never
    seal later values, or they would name a key that does not exist. Rows made by other
    processes are visible only once committed; our own wait for on_commit."""
    if committed:
        _memory.active.put(subject, dek_id)
        return
    _memory.pending.add(dek_id)

    def confirm() -> None:
        _memory.pending.discard(dek_id)
        _memory.uncommitted.pop(subject, None)
        _memory.active.put(subject, dek_id)

    transaction.on_commit(confirm)
    if connection.in_atomic_block:
        _memory.uncommitted[subject] = (dek_id, connection.run_on_commit)


def _uncommitted_active(subject: str) -> uuid.UUID | None:
    """A DEK this transaction created, while nothing has rolled back since: Django replaces
    the connection's on-commit list on every commit and every (savepoint) rollback, so the
    same list object means the row is still there. Any doubt falls back to the database."""
    entry = _memory.uncommitted.get(subject)
    if entry is None:
        return None
    if entry[1] is connection.run_on_commit:
        return entry[0]
    _memory.uncommitted.pop(subject, None)
    return None


def seal_value(plaintext: bytes, *, subject: str | None, context: bytes) -> bytes:
    dek_id, key = dek_for_subject(subject)
    return envelope.seal(key=key, dek_id=dek_id, plaintext=plaintext, context=context)


def open_value(blob: bytes, *, context: bytes) -> bytes:
    """Raises KeyUnavailable (key revoked or unreachable) or DecryptionFailed (bad value)."""
    dek_id = envelope.read_header(blob).dek_id
    return envelope.Cipher(key=dek_by_id(dek_id), dek_id=dek_id).open(blob, context)


def _on_request_started(**kwargs) -> None:
    _memory.check_now = True


def _on_setting_changed(*, setting: str, **kwargs) -> None:
    if setting.startswith("SEALDESK_"):
        _memory.configure()


request_started.connect(_on_request_started)
setting_changed.connect(_on_setting_changed)
