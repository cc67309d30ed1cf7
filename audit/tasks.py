"""Thin Celery tasks around audit services. Arguments are ids only, never personal data."""

from celery import shared_task

from audit import insights, notifications
from audit.checkpoints import checkpoint_create
from audit.detectors.runner import detect_new_events


@shared_task(name="audit.checkpoint")
def checkpoint() -> int:
    return checkpoint_create().number


@shared_task(name="audit.detect")
def detect() -> int:
    return detect_new_events()


@shared_task(name="audit.alert_notify")
def alert_notify(alert_id: str) -> int:
    return notifications.alert_notify(alert_id=alert_id)


@shared_task(name="audit.suggestions")
def suggestions() -> int:
    return insights.suggestions_refresh()
