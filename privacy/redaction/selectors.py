"""Reads: detected spans to suggest, flags of a page, jobs of a user."""

from privacy.detect import detect
from privacy.redaction.models import RedactionFlag, RedactionJob
from privacy.redaction.text import MARK


def suggestions(text: str) -> list:
    """Detected spans not yet redacted (a marker is never suggested again)."""
    if not text:
        return []
    return [span for span in detect(text) if MARK not in text[span.start : span.end]]


def open_flags(*, scope_id) -> list[RedactionFlag]:
    return list(RedactionFlag.objects.filter(scope_id=scope_id, resolution=""))


def flag_get(*, scope_id, flag_id) -> RedactionFlag | None:
    return RedactionFlag.objects.filter(scope_id=scope_id, pk=flag_id).first()


def jobs_of(*, user, limit: int = 20) -> list[RedactionJob]:
    return list(RedactionJob.objects.filter(actor=user).defer("targets")[:limit])


def job_get(*, user, job_id) -> RedactionJob | None:
    return RedactionJob.objects.filter(actor=user, pk=job_id).first()
