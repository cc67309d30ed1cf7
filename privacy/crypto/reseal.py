"""One batch of the re-encryption job: the rows of a window moved off retired DEKs.

A window is the rows after a checkpoint in primary-key order. One query marks those holding a
value whose header names a retired DEK (a primary-key lookup of that DEK per row); only they are
locked, read whole and checked again under the lock, and all are written back with one UPDATE.
A value is re-sealed only while its header still names a retired DEK, so running a window twice,
or two runners at once, never double-encrypts. Memory is one batch.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from . import envelope, keyring
from .exceptions import CryptoError, KeyUnavailable
from .models import KeyState
from .registry import EncryptedModel
from .sql import copy_rows, dek_id_sql, dek_key_sql, in_sql, jit_off, retired_sql

SCAN_FACTOR = 10  # rows a batch may look at, per row it may rewrite: most rows need nothing


@dataclass
class Window:
    last_pk: object  # None when no rows were left after the checkpoint
    rows: int = 0  # rows rewritten
    moved: int = 0  # values re-sealed
    skipped: int = 0  # values under a retired DEK that cannot be opened, left as they are


def _stale_sql(count: int, subject: str | None) -> tuple[str, list]:
    """SQL that is true for a scanned row (columns v0..vN) holding a value under a retired DEK
    (of `subject` only, if given): one lookup per distinct DEK in the row."""
    clauses, params = [], []
    for i in range(count):
        probe, probe_params = retired_sql(dek_key_sql(f"v{i}"), subject)
        params += probe_params
        if i == 0:
            clauses.append(probe)
        else:  # most rows keep all their columns under one DEK: look it up once
            clauses.append(f"(CASE WHEN {dek_id_sql(f'v{i}')} = {dek_id_sql('v0')} THEN false ELSE {probe} END)")
    return " OR ".join(clauses), params


def _scan(entry: EncryptedModel, after, subject: str | None) -> list[tuple]:
    """The next window after `after` by primary key, as (key, holds a value under a retired DEK)
    for the rows that do, and for the window's last row (where the next window starts); at most
    batch size rows, so that a window full of stale rows stops early."""
    qn = connection.ops.quote_name
    pk = entry.model._meta.pk
    stale, params = _stale_sql(len(entry.columns), subject)
    where = ""
    if after is not None:
        where = f"WHERE {qn(pk.column)} > %s"
        params.append(pk.get_db_prep_value(pk.to_python(after), connection))
    columns = ", ".join(f"{qn(column)} AS v{i}" for i, column in enumerate(entry.columns))
    batch = int(settings.SEALDESK_REENCRYPT_BATCH_SIZE)
    window = (
        f"SELECT {qn(pk.column)} AS k, {columns} FROM {qn(entry.table)} {where} "  # noqa: S608
        f"ORDER BY {qn(pk.column)} LIMIT {batch * SCAN_FACTOR}"
    )
    marked = f"SELECT w.k, {stale} AS stale, lead(w.k) OVER (ORDER BY w.k) IS NULL AS last FROM ({window}) AS w"  # noqa: S608
    sql = f"SELECT k, stale FROM ({marked}) AS s WHERE stale OR last ORDER BY k LIMIT {batch}"  # noqa: S608
    with connection.cursor() as cursor:
        jit_off(cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lock(entry: EncryptedModel, pks: list) -> list[tuple]:
    """The rows' current ciphertexts, locked until the batch commits."""
    qn = connection.ops.quote_name
    pk = entry.model._meta.pk
    match, params = in_sql(qn(pk.column), pk, [pk.to_python(value) for value in pks])
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    columns = ", ".join(qn(c) for c in (pk.column, *entry.columns))
    sql = f"SELECT {columns} FROM {qn(entry.table)} WHERE {match} ORDER BY {qn(pk.column)}{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _retired_deks(rows: list[tuple], subject: str | None) -> list:
    """The retired DEKs (of `subject` only, if given) named in the locked rows, as
    `keyring.deks_read` gives them."""
    named = {envelope.dek_id_bytes(value) for row in rows for value in row[1:] if value is not None}
    deks = keyring.deks_read({uuid.UUID(bytes=raw) for raw in named if raw is not None})
    return [dek for dek in deks if dek.state == KeyState.RETIRED and subject in (None, dek.subject)]


class _Resealer:
    """Opens values under retired DEKs and seals them under their subject's active DEK, with one
    cipher per key for the whole batch."""

    def __init__(self, retired: list):
        keys = keyring.deks_unwrap(retired)
        self.retired = {dek.id.bytes: dek.subject for dek in retired}
        self.old = {dek_id.bytes: envelope.Cipher(key=key, dek_id=dek_id) for dek_id, key in keys.items()}
        active = keyring.deks_for_subjects({subject for raw, subject in self.retired.items() if raw in self.old})
        self.new = {subject: envelope.Cipher(key=key, dek_id=dek_id) for subject, (dek_id, key) in active.items()}
        self.moved = self.skipped = 0

    def row(self, entry: EncryptedModel, row: tuple) -> list | None:
        """The row's values with each one under a retired DEK re-sealed; None if none was."""
        pk, new_values, moved_before = str(entry.model._meta.pk.to_python(row[0])), [], self.moved
        for column, value in zip(entry.columns, row[1:], strict=True):
            raw = None if value is None else envelope.dek_id_bytes(value)
            if raw in self.retired:
                value = self._reseal(bytes(value), raw, envelope.bind(entry.table, column, pk))
            new_values.append(value)
        return new_values if self.moved > moved_before else None

    def _reseal(self, blob: bytes, raw: bytes, context: bytes) -> bytes:
        old = self.old.get(raw)
        try:
            if old is None:
                raise KeyUnavailable("the retired key cannot be used")
            sealed = self.new[self.retired[raw]].seal(old.open(blob, context), context)
        except CryptoError:
            self.skipped += 1
            return blob
        self.moved += 1
        return sealed


def _write(entry: EncryptedModel, updates: list[tuple]) -> None:
    """Each update is (pk, *column values): one UPDATE for the batch on PostgreSQL."""
    qn = connection.ops.quote_name
    pk = entry.model._meta.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _write_through_copy(cursor, entry, updates)
            return
        sets = ", ".join(f"{qn(c)} = %s" for c in entry.columns)
        sql = f"UPDATE {qn(entry.table)} SET {sets} WHERE {qn(pk.column)} = %s"  # noqa: S608
        cursor.executemany(sql, [(*values, key) for key, *values in updates])


def _write_through_copy(cursor, entry: EncryptedModel, updates: list[tuple]) -> None:
    """COPY into a temporary table, then UPDATE ... FROM it: far less work on both sides than a
    statement, or a placeholder, per value."""
    qn = connection.ops.quote_name
    pk_type, count = entry.model._meta.pk.db_type(connection), len(entry.columns)
    staging = qn("crypto_reseal_" + "".join(c if c.isalnum() else "_" for c in pk_type) + f"_{count}")
    columns = ", ".join(f"c{i} bytea" for i in range(count))
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} (k {pk_type}, {columns})")
    cursor.execute(f"TRUNCATE {staging}")  # what an earlier batch of this session left
    copy_rows(cursor, staging, ["k", *(f"c{i}" for i in range(count))], [pk_type] + ["bytea"] * count, updates)
    table, key = qn(entry.table), qn(entry.model._meta.pk.column)
    sets = ", ".join(f"{qn(c)} = s.c{i}" for i, c in enumerate(entry.columns))
    cursor.execute(f"UPDATE {table} SET {sets} FROM {staging} AS s WHERE {table}.{key} = s.k")  # noqa: S608


def reseal_window(entry: EncryptedModel, *, after, subject: str | None) -> Window:
    """Move the values of the next window after `after` off retired DEKs (of `subject` only,
    if given), in the caller's transaction."""
    scanned = _scan(entry, after, subject)
    if not scanned:
        return Window(last_pk=None)
    window = Window(last_pk=entry.model._meta.pk.to_python(scanned[-1][0]))
    pks = [pk for pk, stale in scanned if stale]
    if not pks:
        return window
    rows = _lock(entry, pks)  # rows deleted since the scan are simply gone
    resealer, updates = _Resealer(_retired_deks(rows, subject)), []
    for row in rows:
        new_values = resealer.row(entry, row)
        if new_values is not None:
            updates.append((row[0], *new_values))
    if updates:
        _write(entry, updates)
    window.rows, window.moved, window.skipped = len(updates), resealer.moved, resealer.skipped
    return window
