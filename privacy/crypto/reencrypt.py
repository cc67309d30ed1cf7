"""The re-encryption job: moves values sealed under retired DEKs onto active ones.

Walks every table with encrypted columns by primary key, one window per batch (see `reseal`),
each batch one transaction with its checkpoint in the job row, so a crash, a rerun or two
concurrent runners redo at most one batch and never double-encrypt.
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import JobState, ReencryptionJob
from .registry import EncryptedModel, encrypted_models
from .reseal import reseal_window
from .sql import distinct_keys_sql, jit_off, retired_sql

SWEEPS = 2  # a second pass, if a scan finds values written under a DEK just before it was retired


def _subject(job: ReencryptionJob) -> str | None:
    return job.scope.removeprefix("subject:") if job.scope.startswith("subject:") else None


def _any_left(entry: EncryptedModel, job: ReencryptionJob) -> bool:
    """Do values under retired keys remain anywhere in the table? One pass over it, and one
    lookup per distinct DEK its values name."""
    retired, params = retired_sql("h.k", _subject(job))
    sql = f"SELECT 1 FROM ({distinct_keys_sql(entry.table, entry.columns)}) AS h WHERE {retired} LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        jit_off(cursor)
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


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
    window = reseal_window(entry, after=state["after"], subject=_subject(job))
    if window.last_pk is None:
        done = state["sweep"] >= SWEEPS or not _any_left(entry, job)
        state.update(after=None, sweep=state["sweep"] + 1, done=done)
        return False
    state["after"] = str(window.last_pk)
    job.values_done += window.moved
    job.values_skipped += window.skipped
    job.rows_done += window.rows
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
