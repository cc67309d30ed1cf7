"""Thin Celery tasks around key services. Arguments are job ids only."""

import uuid

from celery import shared_task

from privacy import keys
from privacy.crypto import reencrypt


@shared_task
def reencrypt_job_run(job_id: str) -> None:
    """Advance a re-encryption job for a while, then hand the rest to a fresh task."""
    if not reencrypt.job_run(job_id=uuid.UUID(job_id)):
        reencrypt_job_run.delay(job_id)


@shared_task
def reencrypt_jobs_reconcile() -> None:
    """Restart jobs whose runner died (no heartbeat for SEALDESK_REENCRYPT_STALE_SECONDS)."""
    for job_id in reencrypt.jobs_stale():
        reencrypt_job_run.delay(str(job_id))


@shared_task
def keys_destroy_due() -> None:
    keys.keys_destroy_due()
