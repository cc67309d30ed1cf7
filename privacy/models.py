"""Retention policies, legal holds, retention runs (the job table) and data-subject requests.

None of these rows holds personal data: targets are named by model label and primary key only.
"""

import uuid
from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeBasis(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Last updated")
    CLOSED = "closed", _("Solved or closed")
    CUSTOMER_ACTIVITY = "customer_activity", _("Customer's last activity")


class Action(models.TextChoices):
    DELETE = "delete", _("Delete")
    ANONYMIZE = "anonymize", _("Anonymize: keep statistics and structure, destroy personal data")
    REDACT = "redact", _("Redact detected personal data from the text")


class RetentionPolicy(models.Model):
    """Records of `data_type` matching `conditions` go `keep_for` after their age basis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    data_type = models.CharField(_("data type"), max_length=40)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    age_basis = models.CharField(_("age basis"), max_length=20, choices=AgeBasis.choices, default=AgeBasis.CREATED)
    keep_for = models.DurationField(_("keep period"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.DELETE)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["data_type", "name"]
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return self.name


class HoldTarget(models.TextChoices):
    TICKET = "ticket", _("Ticket")
    CUSTOMER = "customer", _("Customer")
    ORGANIZATION = "organization", _("Organization")


class LegalHold(models.Model):
    """While active, nothing of the target is deleted, anonymized or redacted by anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target_kind = models.CharField(_("held"), max_length=20, choices=HoldTarget.choices)
    target_id = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        indexes = [
            models.Index(fields=["target_kind", "target_id"], condition=Q(released_at=None), name="active_holds")
        ]

    def __str__(self) -> str:
        return f"hold on {self.target_kind} {self.target_id}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RetentionSchedule(models.Model):
    """The single daily run time; beat ticks often and this row decides when a day's run is due."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    enabled = models.BooleanField(_("run daily"), default=True)
    run_at = models.TimeField(_("daily at (UTC)"), default=time(3, 0))
    last_started_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"daily at {self.run_at}"


class RunState(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_RUN_STATES = (RunState.PENDING, RunState.RUNNING)


class RetentionRun(models.Model):
    """One policy's run: the job table is the truth, Celery messages only say "advance run X".

    `cursor` (last primary key examined), `counts` and `heartbeat_at` are committed together
    with each batch, so a killed worker loses at most the batch in flight, which rolls back.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy = models.ForeignKey(RetentionPolicy, null=True, on_delete=models.SET_NULL, related_name="runs")
    policy_name = models.CharField(max_length=120)
    data_type = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=Action.choices)
    dry_run = models.BooleanField(default=False)
    trigger = models.CharField(max_length=20, default="command")
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.PENDING)
    cutoff = models.DateTimeField()
    cursor = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    batches = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "dry_run"],
                condition=Q(state__in=["pending", "running"]),
                name="one_active_run_per_policy",
            )
        ]

    def __str__(self) -> str:
        return f"run of {self.policy_name} ({self.state})"

    @property
    def duration(self) -> timedelta | None:
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at


class BlobTombstone(models.Model):
    """A file whose row is gone: written in the row's deleting transaction, cleared after unlink."""

    store = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "name"], name="one_tombstone_per_blob")]

    def __str__(self) -> str:
        return f"{self.store}:{self.name}"


class RequestKind(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASURE = "erasure", _("Erasure")


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    PARTIAL = "partial", _("Done in part")
    REJECTED = "rejected", _("Rejected")


def default_due_at():
    return timezone.now() + timedelta(days=getattr(settings, "SEALDESK_SUBJECT_REQUEST_DAYS", 30))


class SubjectRequest(models.Model):
    """A person's request to see (export) or forget (erasure) their data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    subject_id = models.CharField(max_length=64, help_text="Primary key of the data subject (customer)")
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    keep_structure = models.BooleanField(_("keep the structure of organization tickets"), default=False)
    due_at = models.DateTimeField(_("due"), default=default_due_at)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.kind} request {self.id}"

    @property
    def is_overdue(self) -> bool:
        return self.state == RequestState.OPEN and self.due_at < timezone.now()


class SubjectRequestEntry(models.Model):
    """Who did what on a request, in order."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at}"
