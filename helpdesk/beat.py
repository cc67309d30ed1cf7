"""Celery beat entries of the email channel; config/settings.py merges them into CELERY_BEAT_SCHEDULE."""

EMAIL_BEAT_SCHEDULE = {
    "email-poll-mailboxes": {"task": "helpdesk.tasks.poll_mailboxes", "schedule": 60.0},
    "email-retry-deliveries": {"task": "helpdesk.tasks.retry_email_deliveries", "schedule": 60.0},
}
