"""Thin Celery tasks around key services. Arguments are job ids only."""

import uuid

from celery import shared_task

from privacy import keys
from privacy.crypto import reencrypt


def _same_queue(task) -> str | None:
    """Follow-up tasks go to the queue this one came from (None: the default queue)."""
    return (task.request.delivery_info or {}).get("routing_key")


@shared_task(bind=True)
def reencrypt_job_run(self, job_id: str) -> None:
    """Advance a re-encryption job for a while, then hand the rest to a fresh task."""
    if not reencrypt.job_run(job_id=uuid.UUID(job_id)):
        reencrypt_job_run.apply_async(args=[job_id], queue=_same_queue(self))


@shared_task(bind=True)
def reencrypt_jobs_reconcile(self) -> None:
    """Restart jobs whose runner died (no heartbeat for SEALDESK_REENCRYPT_STALE_SECONDS)."""
    for job_id in reencrypt.jobs_stale():
        reencrypt_job_run.apply_async(args=[str(job_id)], queue=_same_queue(self))


@shared_task
def keys_destroy_due() -> None:
    keys.keys_destroy_due()
