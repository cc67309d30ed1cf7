"""Thin Celery tasks around retention services. Arguments are run ids only, never personal data."""

import uuid

from celery import shared_task

from privacy.retention import blobs, jobs, services


@shared_task(name="privacy.retention.tick")
def retention_tick() -> None:
    """Start the day's runs when they are due (beat calls this often; it acts once a day)."""
    services.schedule_tick()


@shared_task(name="privacy.retention.run_advance")
def retention_run_advance(run_id: str) -> None:
    """Advance a run for a while, then hand the rest to a fresh task."""
    if not jobs.run_advance(run_id=uuid.UUID(run_id)):
        retention_run_advance.delay(run_id)


@shared_task(name="privacy.retention.reconcile")
def retention_reconcile() -> None:
    """Restart runs whose worker died; finish file deletions a crash interrupted."""
    for run_id in jobs.runs_stale():
        retention_run_advance.delay(str(run_id))
    blobs.tombstones_flush()


@shared_task(name="privacy.retention.sweep_orphans")
def retention_sweep_orphans() -> None:
    blobs.orphans_sweep()
