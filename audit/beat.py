"""Celery beat entries of the access log, for `CELERY_BEAT_SCHEDULE.update(BEAT_SCHEDULE)` in settings.

Read at settings time, so it reads the environment directly rather than Django settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def _checkpoint_seconds() -> float:
    raw = os.environ.get("SEALDESK_AUDIT_CHECKPOINT_MINUTES", "5").strip() or "5"
    if not raw.isdigit() or int(raw) <= 0:
        raise ImproperlyConfigured(f"SEALDESK_AUDIT_CHECKPOINT_MINUTES must be a positive integer, got {raw!r}")
    return int(raw) * 60.0


BEAT_SCHEDULE = {
    "audit-checkpoint": {"task": "audit.checkpoint", "schedule": _checkpoint_seconds()},
    "audit-detect": {"task": "audit.detect", "schedule": 60.0},
    "audit-suggestions": {"task": "audit.suggestions", "schedule": 24 * 3600.0},
}
