"""Per-type policy for data arriving, review flags, and bulk jobs. None of them holds redacted text."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    REDACT = "redact", _("Redact on arrival")
    MASK = "mask", _("Keep, masked per role")
    FLAG = "flag", _("Keep and flag for review")


class RedactionPolicy(models.Model):
    """An admin's choice for one detected type; types without a row use the defaults in policy.py."""

    type = models.CharField(_("type"), max_length=64, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type"]
        verbose_name_plural = "redaction policies"

    def __str__(self) -> str:
        return f"{self.type}: {self.action}"


class RedactionFlag(models.Model):
    """Detected data an agent should review: where it is (model label, id, field, key) and its type."""

    class Resolution(models.TextChoices):
        REDACTED = "redacted", _("Redacted")
        KEPT = "kept", _("Kept")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope_id = models.UUIDField(db_index=True, help_text="The object whose page shows the flag (a ticket's code).")
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    key = models.CharField(max_length=64, blank=True)
    type = models.CharField(max_length=64)
    span_count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        # Arrival looks up a record's open flags, and retention removes the flags of deleted rows.
        indexes = [models.Index(fields=["target_type", "target_id"], name="redaction_flag_target")]

    def __str__(self) -> str:
        return f"{self.type} in {self.target_type} {self.target_id}"

    @property
    def is_open(self) -> bool:
        return not self.resolution


class RedactionJob(models.Model):
    """Redact one type across many objects. `targets` is fixed at start; `position` is the checkpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    class Scope(models.TextChoices):
        TICKET = "ticket", _("One ticket")
        CUSTOMER = "customer", _("A customer's tickets")
        SEARCH = "search", _("Tickets matching a search")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    type = models.CharField(_("type"), max_length=64)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    targets = models.JSONField(default=list, help_text="[[model label, pk], ...] to scan, in order.")
    position = models.PositiveIntegerField(default=0)
    objects_changed = models.PositiveIntegerField(default=0)
    spans_redacted = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"redact {self.type}: {self.position}/{len(self.targets)}"

    @property
    def total(self) -> int:
        return len(self.targets)

    @property
    def percent(self) -> int:
        return 100 if not self.targets else int(100 * self.position / len(self.targets))
