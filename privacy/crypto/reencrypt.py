"""The re-encryption job: moves values sealed under retired DEKs onto active ones.

Batched by primary key, one transaction per batch with its checkpoint in the job row,
selecting only values whose header still names a retired DEK, so a crash, a rerun or two
concurrent runners redo at most one batch and never double-encrypt. Memory is one batch.
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import envelope, keyring
from .exceptions import CryptoError
from .models import DataKey, JobState, KeyState, ReencryptionJob
from .registry import EncryptedModel, dek_id_sql, encrypted_models, key_id_column_sql

SWEEPS = 2  # a second pass, if a scan finds values written under a DEK just before it was retired


def _retired_filter(entry: EncryptedModel, job: ReencryptionJob) -> tuple[str, list]:
    keys = f"SELECT {key_id_column_sql()} FROM crypto_datakey WHERE state = %s"  # noqa: S608
    params = [KeyState.RETIRED.value]
    if job.scope.startswith("subject:"):
        keys += " AND subject = %s"
        params.append(job.scope.removeprefix("subject:"))
    clauses = [f"{dek_id_sql(column)} IN ({keys})" for column in entry.columns]
    return "(" + " OR ".join(clauses) + ")", params * len(entry.columns)


def _select_batch(entry: EncryptedModel, job: ReencryptionJob, after) -> list[tuple]:
    qn = connection.ops.quote_name
    pk = entry.model._meta.pk
    where, params = _retired_filter(entry, job)
    if after is not None:
        where += f" AND {qn(pk.column)} > %s"
        params.append(pk.get_db_prep_value(pk.to_python(after), connection))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    columns = ", ".join(qn(c) for c in (pk.column, *entry.columns))
    sql = (
        f"SELECT {columns} FROM {qn(entry.table)} WHERE {where} "  # noqa: S608 - quoted identifiers
        f"ORDER BY {qn(pk.column)} LIMIT {int(settings.SEALDESK_REENCRYPT_BATCH_SIZE)}{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _any_left(entry: EncryptedModel, job: ReencryptionJob) -> bool:
    """One sequential scan: do values under retired keys remain anywhere in the table?"""
    where, params = _retired_filter(entry, job)
    sql = f"SELECT 1 FROM {connection.ops.quote_name(entry.table)} WHERE {where} LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _retired_subjects(rows: list[tuple]) -> dict[uuid.UUID, str]:
    ids = set()
    for row in rows:
        ids.update(envelope.read_header(bytes(v)).dek_id for v in row[1:] if v is not None)
    retired = dict(DataKey.objects.filter(pk__in=ids, state=KeyState.RETIRED).values_list("id", "subject"))
    keyring.preload(set(retired))
    return retired


def _reseal(entry: EncryptedModel, row: tuple, subjects: dict, new_deks: dict) -> tuple[list, int, int]:
    """New ciphertexts for one row; `new_deks` maps each subject to its active DEK."""
    pk, values = row[0], row[1:]
    new_values, moved, skipped = [], 0, 0
    for column, value in zip(entry.columns, values, strict=True):
        blob = None if value is None else bytes(value)
        subject = None if blob is None else subjects.get(envelope.read_header(blob).dek_id)
        if subject is not None:
            context = envelope.bind(entry.table, column, entry.model._meta.pk.to_python(pk))
            try:
                plaintext = keyring.open_value(blob, context=context)
                dek_id, key = new_deks[subject]
                blob = envelope.seal(key=key, dek_id=dek_id, plaintext=plaintext, context=context)
                moved += 1
            except CryptoError:
                skipped += 1
        new_values.append(blob)
    return new_values, moved, skipped


def _write(entry: EncryptedModel, updates: list[tuple]) -> None:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in entry.columns)
    sql = f"UPDATE {qn(entry.table)} SET {sets} WHERE {qn(entry.model._meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, updates)


def _next_model(job: ReencryptionJob) -> tuple[EncryptedModel, dict] | None:
    for entry in encrypted_models():
        state = job.checkpoint.setdefault(entry.label, {"after": None, "sweep": 1, "done": False})
        if not state["done"]:
            return entry, state
    return None


def _advance(job: ReencryptionJob) -> bool:
    """One batch in the caller's transaction; returns True when the job has finished."""
    found = _next_model(job)
    if found is None:
        job.state, job.finished = JobState.DONE, timezone.now()
        return True
    entry, state = found
    rows = _select_batch(entry, job, state["after"])
    if not rows:
        done = state["sweep"] >= SWEEPS or not _any_left(entry, job)
        state.update(after=None, sweep=state["sweep"] + 1, done=done)
        return False
    subjects = _retired_subjects(rows)
    new_deks = keyring.deks_for_subjects(set(subjects.values()))
    updates = []
    for row in rows:
        new_values, moved, skipped = _reseal(entry, row, subjects, new_deks)
        updates.append((*new_values, row[0]))
        job.values_done += moved
        job.values_skipped += skipped
    _write(entry, updates)
    state["after"] = str(entry.model._meta.pk.to_python(rows[-1][0]))
    job.rows_done += len(rows)
    job.batches_done += 1
    return False


def job_step(*, job_id: uuid.UUID) -> bool:
    """Run one batch with its checkpoint in one transaction. True when nothing is left."""
    with transaction.atomic():
        job = ReencryptionJob.objects.select_for_update().get(pk=job_id)
        if job.state in (JobState.DONE, JobState.FAILED):
            return True
        job.state, job.heartbeat = JobState.RUNNING, timezone.now()
        finished = _advance(job)
        job.save()
    return finished


def job_run(*, job_id: uuid.UUID, budget_seconds: float = 20.0) -> bool:
    """Run batches for about `budget_seconds`; True when the job has finished."""
    deadline = time.monotonic() + budget_seconds
    while time.monotonic() < deadline:
        if job_step(job_id=job_id):
            return True
    return False


def jobs_stale() -> list[uuid.UUID]:
    """Unfinished jobs nobody has advanced recently: they need a new runner."""
    cutoff = timezone.now() - timedelta(seconds=settings.SEALDESK_REENCRYPT_STALE_SECONDS)
    jobs = ReencryptionJob.objects.filter(state__in=(JobState.PENDING, JobState.RUNNING))
    stale = jobs.filter(heartbeat__isnull=True, created__lt=cutoff) | jobs.filter(heartbeat__lt=cutoff)
    return list(stale.values_list("id", flat=True))
