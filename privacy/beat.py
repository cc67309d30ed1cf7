"""Celery beat entries for retention, for `CELERY_BEAT_SCHEDULE.update(BEAT_SCHEDULE)` in settings.

The daily run time itself is edited in the retention screen (RetentionSchedule); beat only ticks.
"""

BEAT_SCHEDULE = {
    "retention-tick": {"task": "privacy.retention.tick", "schedule": 300.0},
    "retention-reconcile": {"task": "privacy.retention.reconcile", "schedule": 60.0},
    "retention-sweep-orphans": {"task": "privacy.retention.sweep_orphans", "schedule": 6 * 3600.0},
    "redaction-resume-jobs": {"task": "privacy.redaction.tasks.resume_redaction_jobs", "schedule": 300.0},
    "keys-reencrypt-reconcile": {"task": "privacy.tasks.reencrypt_jobs_reconcile", "schedule": 60.0},
    "keys-destroy-due": {"task": "privacy.tasks.keys_destroy_due", "schedule": 24 * 3600.0},
}
