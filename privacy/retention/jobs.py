"""Retention runs: batched, resumable, idempotent. The RetentionRun row is the truth.

Each batch locks the run row (SKIP LOCKED: a second worker on the same run steps aside), picks
the next records after the run's cursor, acts on them and saves cursor, counts and heartbeat,
all in one transaction. The cutoff is fixed when the run is created, so a run resumed after a
crash, repeated, or started days late ends where an uninterrupted run would have.
"""

import logging
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from audit.services import record_event
from privacy.models import ACTIVE_RUN_STATES, Action, RetentionPolicy, RetentionRun, RunState
from privacy.retention import blobs, rows
from privacy.retention.matching import data_type_of, selection

logger = logging.getLogger(__name__)

MAX_ERRORS = 3


def batch_size() -> int:
    return getattr(settings, "SEALDESK_RETENTION_BATCH", 1000)


def run_create(*, policy: RetentionPolicy, dry_run: bool = False, trigger: str = "command", actor=None) -> RetentionRun:
    """The policy's active run if there is one, else a new run with today's cutoff."""
    existing = RetentionRun.objects.filter(policy=policy, dry_run=dry_run, state__in=ACTIVE_RUN_STATES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return RetentionRun.objects.create(
                policy=policy,
                policy_name=policy.name,
                data_type=policy.data_type,
                action=policy.action,
                dry_run=dry_run,
                trigger=trigger,
                cutoff=timezone.now() - policy.keep_for,
                started_by=actor,
            )
    except IntegrityError:
        return RetentionRun.objects.get(policy=policy, dry_run=dry_run, state__in=ACTIVE_RUN_STATES)


def run_advance(*, run_id, seconds: float | None = None) -> bool:
    """Work batches for up to `seconds`; True when nothing is left for this caller to do."""
    budget = seconds if seconds is not None else getattr(settings, "SEALDESK_RETENTION_TASK_SECONDS", 20)
    deadline = time.monotonic() + budget
    while True:
        outcome = run_step(run_id=run_id)
        if outcome != "more":
            return True
        if time.monotonic() >= deadline:
            return False


def run_step(*, run_id) -> str:
    """One batch. Returns "more", "done", or "busy" (another worker holds the run)."""
    try:
        with transaction.atomic():
            return _step(run_id)
    except DatabaseError as error:
        return _record_error(run_id, error)


def _step(run_id) -> str:
    run = RetentionRun.objects.select_for_update(skip_locked=True).filter(pk=run_id).first()
    if run is None:
        return "busy" if RetentionRun.objects.filter(pk=run_id).exists() else "done"
    if run.state not in ACTIVE_RUN_STATES:
        return "done"
    if run.policy is None:
        return _finish(run, RunState.FAILED, error="policy deleted")
    if run.state == RunState.PENDING:
        run.state, run.started_at = RunState.RUNNING, timezone.now()
    data_type = data_type_of(run.policy)
    if data_type.purge is not None:
        return _purge_whole(run, data_type)
    return _batch(run)


def _batch(run: RetentionRun) -> str:
    chosen = selection(run.policy, cutoff=run.cutoff)
    candidates = chosen.candidates()
    if run.cursor:
        candidates = candidates.filter(pk__gt=run.cursor)
    candidates = candidates.order_by("pk")
    if not run.dry_run:
        candidates = candidates.select_for_update(of=("self",))
    pks = list(candidates.values_list("pk", flat=True)[: batch_size()])
    if not pks:
        if run.batches == 0:
            _save_progress(run, _first_counts(chosen))
        return _finish(run, RunState.DONE)
    going = _going(chosen, pks)
    counts = Counter(matched=len(pks), skipped=len(pks) - len(going))
    if run.batches == 0:
        counts.update(_first_counts(chosen))
    if not run.dry_run:
        counts.update(_apply(run, chosen.matcher.data_type.model, going))
    run.cursor = str(pks[-1])
    _save_progress(run, counts)
    return "more"


def _first_counts(chosen) -> Counter:
    """Reported once per run: records past their keep period that a legal hold keeps."""
    held = chosen.expired.filter(chosen.held).count() if chosen.held is not None else 0
    return Counter(matched=0, held=held)


def _going(chosen, pks: list) -> list:
    if not chosen.needs_rows():
        return pks
    model = chosen.matcher.data_type.model
    suspects = set(pks) if chosen.matcher.checks() else chosen.rows_kept_by_checked_keepers(pks)
    loaded = model._default_manager.filter(pk__in=suspects).select_related()
    dropped = {row.pk for row in loaded if not chosen.row_goes(row)}
    return [pk for pk in pks if pk not in dropped]


def _apply(run: RetentionRun, model, pks: list) -> Counter:
    if run.action == Action.DELETE:
        kept = rows.protected_pks(model, pks)
        deleted = rows.rows_delete(model, [pk for pk in pks if pk not in kept])
        blobs.flush_after_commit()
        return Counter(deleted=deleted, kept_referenced=len(kept))
    if run.action == Action.ANONYMIZE:
        changed = rows.rows_anonymize(model, pks)
        blobs.flush_after_commit()
        return Counter(anonymized=changed)
    return Counter(redacted=rows.rows_redact(model, pks, detect=detector()))


def detector():
    """The PII detectors' entry point: `detect(text)` returning spans with start and end."""
    from privacy.detect import detect

    return detect


def _purge_whole(run: RetentionRun, data_type) -> str:
    if data_type.unavailable:
        return _finish(run, RunState.FAILED, error=data_type.unavailable)
    if run.dry_run:
        counts = Counter(matched=data_type.count(cutoff=run.cutoff))
    else:
        counts = Counter(deleted=data_type.purge(cutoff=run.cutoff, actor=run.started_by))
    _save_progress(run, counts)
    return _finish(run, RunState.DONE)


def _save_progress(run: RetentionRun, counts: Counter) -> None:
    total = Counter(run.counts)
    total.update(counts)
    run.counts = dict(total)
    run.batches += 1
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["state", "started_at", "cursor", "counts", "batches", "heartbeat_at"])


def _finish(run: RetentionRun, state: str, *, error: str = "") -> str:
    now = timezone.now()
    if error:
        run.errors = [*run.errors, {"at": now.isoformat(), "error": error}]
    run.state, run.finished_at, run.heartbeat_at = state, now, now
    run.started_at = run.started_at or now
    run.save()
    record_event(
        action="retention.run",
        actor=run.started_by,
        target=run,
        outcome="allowed" if state == RunState.DONE else "error",
        result_count=sum(v for k, v in run.counts.items() if k in ("deleted", "anonymized", "redacted")),
        metadata={
            "policy": str(run.policy_id),
            "data_type": run.data_type,
            "action": run.action,
            "dry_run": run.dry_run,
            "counts": run.counts,
            "errors": len(run.errors),
            "seconds": round(run.duration.total_seconds(), 3),
        },
    )
    return "done"


def _record_error(run_id, error: Exception) -> str:
    """A failed batch rolled back; note it (class name only: messages may quote data) and retry."""
    logger.warning("retention batch failed", extra={"run": str(run_id), "error": type(error).__name__})
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().filter(pk=run_id, state__in=ACTIVE_RUN_STATES).first()
        if run is None:
            return "done"
        run.errors = [*run.errors, {"at": timezone.now().isoformat(), "error": type(error).__name__}]
        run.save(update_fields=["errors"])
        if len(run.errors) >= MAX_ERRORS:
            return _finish(run, RunState.FAILED)
    return "more"


def runs_stale(*, older_than: timedelta | None = None) -> list:
    """Active runs nobody has advanced for a while: their worker died or their message was lost."""
    age = older_than or timedelta(seconds=getattr(settings, "SEALDESK_RETENTION_STALE_SECONDS", 300))
    limit = timezone.now() - age
    active = RetentionRun.objects.filter(state__in=ACTIVE_RUN_STATES)
    stale = active.filter(heartbeat_at__lt=limit) | active.filter(heartbeat_at=None, created_at__lt=limit)
    return list(stale.values_list("pk", flat=True))
