"""Celery tasks: job ids in, one service call each."""

from celery import shared_task

from privacy.redaction.jobs import redaction_job_run, stale_jobs


@shared_task
def run_redaction_job(job_id: str) -> None:
    redaction_job_run(job_id=job_id)


@shared_task
def resume_redaction_jobs() -> None:
    for job_id in stale_jobs():
        run_redaction_job.delay(str(job_id))
