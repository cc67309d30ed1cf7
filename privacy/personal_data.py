"""Retention data types that are not helpdesk rows (the access log, finished job records), and
privacy's own tables that name rows by label and id."""

from django.utils.translation import gettext_lazy as _

from privacy.masking.models import RevealGrant
from privacy.redaction.models import RedactionFlag
from privacy.retention.declarations import DataType, Reference, data_type_register, reference_register

reference_register(Reference(RevealGrant, label_field="target_type", pk_field="target_id"))
reference_register(Reference(RedactionFlag, label_field="target_type", pk_field="target_id"))


def _access_log_count(*, cutoff) -> int:
    from audit.models import AccessEvent

    return AccessEvent.objects.filter(occurred_at__lt=cutoff).count()


def _access_log_purge(*, cutoff, actor=None) -> int:
    """Only whole sealed segments go, through the access log's own service, which records it."""
    from audit.services import segments_purge

    return segments_purge(before=cutoff, actor=actor)


def _finished_jobs(cutoff) -> list:
    from privacy.crypto.models import ReencryptionJob
    from privacy.models import RetentionRun, RunState

    return [
        RetentionRun.objects.filter(state__in=[RunState.DONE, RunState.FAILED], finished_at__lt=cutoff),
        ReencryptionJob.objects.filter(state__in=["done", "failed"], finished__lt=cutoff),
    ]


def _jobs_count(*, cutoff) -> int:
    return sum(jobs.count() for jobs in _finished_jobs(cutoff))


def _jobs_purge(*, cutoff, actor=None) -> int:
    return sum(jobs.delete()[0] for jobs in _finished_jobs(cutoff))


data_type_register(
    DataType(
        key="access_log",
        label=_("Access-log entries"),
        age_fields={"created": "occurred_at"},
        purge=_access_log_purge,
        count=_access_log_count,
    )
)
data_type_register(
    DataType(
        key="finished_jobs",
        label=_("Finished job records"),
        age_fields={"created": "finished"},
        purge=_jobs_purge,
        count=_jobs_count,
    )
)
