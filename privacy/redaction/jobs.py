"""Bulk redaction of one type across many rows, as a resumable job.

The job row holds the rows to scan (fixed when the job starts, so it covers exactly what the
starter could see) and a checkpoint. Each batch is one transaction that also moves the
checkpoint, so a crash loses or repeats at most one uncommitted batch, and a repeat finds nothing
left to redact.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.services import record_event
from privacy.detect import available_types
from privacy.redaction.models import RedactionJob
from privacy.redaction.services import redaction_apply_type
from privacy.redaction.targets import load

BATCH_SIZE = 50


@transaction.atomic
def redaction_job_start(*, actor, type_: str, scope: str, targets: list[tuple[str, str]]) -> RedactionJob:
    """Record the job and queue its first run after commit; `targets` are (model label, pk) pairs."""
    if not roles.may_redact(getattr(actor, "role", "")):
        raise PermissionDenied(_("Your role may not redact personal data."))
    if type_ not in available_types():
        raise ValidationError({"type": [_("Unknown type.")]})
    if scope not in RedactionJob.Scope.values:
        raise ValidationError({"scope": [_("Unknown scope.")]})
    job = RedactionJob.objects.create(
        actor=actor, type=type_, scope=scope, targets=[[label, str(pk)] for label, pk in targets]
    )
    record_event(action="redaction.job_start", actor=actor, target=job,
                 metadata={"type": type_, "scope": scope}, result_count=job.total)
    # robust: a broker outage leaves the job to the beat task that resumes lost jobs.
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def _queue(job_id) -> None:
    from privacy.redaction.tasks import run_redaction_job

    run_redaction_job.delay(str(job_id))


def redaction_job_run(*, job_id, max_batches: int | None = None) -> RedactionJob | None:
    """Run batches from the checkpoint until done (or `max_batches`); safe to call again at any time."""
    batches = 0
    while max_batches is None or batches < max_batches:
        job = _run_batch(job_id)
        if job is None or job.status == RedactionJob.Status.DONE:
            return job
        batches += 1
    return RedactionJob.objects.filter(pk=job_id).first()


@transaction.atomic
def _run_batch(job_id) -> RedactionJob | None:
    job = RedactionJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
    if job is None or job.status == RedactionJob.Status.DONE:
        return job
    batch = job.targets[job.position : job.position + BATCH_SIZE]
    for label, pk in batch:
        obj = load(label, pk)
        spans = redaction_apply_type(actor=job.actor, obj=obj, type_=job.type) if obj is not None else 0
        job.spans_redacted += spans
        job.objects_changed += 1 if spans else 0
    job.position += len(batch)
    job.status = RedactionJob.Status.DONE if job.position >= job.total else RedactionJob.Status.RUNNING
    if job.status == RedactionJob.Status.DONE:
        job.finished_at = timezone.now()
    job.save()
    return job


def stale_jobs(*, older_than_minutes: int = 10) -> list:
    """Unfinished jobs nobody advanced lately: their task was lost, so the reconciler queues them again."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    unfinished = RedactionJob.objects.exclude(status=RedactionJob.Status.DONE).filter(updated_at__lt=cutoff)
    return list(unfinished.values_list("id", flat=True))
