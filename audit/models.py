"""Access log (append-only, hash-chained), its signed checkpoints, alerts and suggestions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.crypto.fields import EncryptedTextField


class AccessEvent(models.Model):
    """One thing someone did or looked at. Names its target by label and id, never its content.

    `id` is the chain sequence number, assigned gap-free as the chain head moves with each insert;
    rows are never updated or deleted (a trigger refuses it) except whole sealed segments.
    """

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("allowed")
        DENIED = "denied", _("denied")

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        COMMAND = "command", _("command")
        EMAIL = "email", _("e-mail")
        SYSTEM = "system", _("system")

    id = models.BigIntegerField(primary_key=True, editable=False)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.UUIDField(null=True, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    actor_teams = models.JSONField(default=list, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    customer_id = models.CharField(max_length=64, blank=True)
    fields_shown = models.JSONField(default=list, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    city = models.CharField(max_length=100, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.ALLOWED)
    result_count = models.IntegerField(null=True, blank=True)
    query_classes = models.CharField(max_length=100, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "id"], name="audit_event_target_idx"),
            # Filters match an action exactly and page by id (no LIKE: one index fewer per append).
            models.Index(fields=["action", "id"], name="audit_event_action_idx"),
            # Covering: "who looked at this customer" and a customer's events in a time range read
            # only the index (index-only scans); the page then loads its rows by id.
            models.Index(fields=["customer_id", "id"], include=["occurred_at", "actor_id", "actor_role"],
                         name="audit_event_customer_cover_idx"),
            models.Index(fields=["actor_id", "id"], name="audit_event_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.target_type}:{self.target_id} ({self.outcome})"

    @property
    def classes(self) -> list[str]:
        return [c for c in self.query_classes.split(",") if c]


class EventSecret(models.Model):
    """Personal data an event needs but must not hold in clear: the search query, a reveal reason.

    Kept beside the chain (not in it) so re-encryption and crypto-shredding never touch events.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.OneToOneField(AccessEvent, on_delete=models.DO_NOTHING, related_name="secret")
    query = EncryptedTextField(null=True, blank=True)
    reason = EncryptedTextField(null=True, blank=True)

    def __str__(self) -> str:
        return f"secret of event {self.event_id}"

    def encryption_subject(self) -> None:
        return None


class ChainHead(models.Model):
    """The single row every append moves (compare-and-set on `seq`) to chain events in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"chain head at {self.seq}"


class Checkpoint(models.Model):
    """A signed seal over events `from_seq`..`to_seq`, linked to the previous checkpoint's signature."""

    number = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    from_seq = models.BigIntegerField()
    to_seq = models.BigIntegerField()
    event_count = models.BigIntegerField()
    head_hash = models.CharField(max_length=64, blank=True)
    prev_signature = models.CharField(max_length=128, blank=True)
    signature = models.CharField(max_length=128)
    public_key = models.CharField(max_length=64)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"checkpoint {self.number} (events {self.from_seq}-{self.to_seq})"


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class DetectionRule(models.Model):
    """An admin's settings for one detector: on/off, severity and thresholds."""

    key = models.CharField(max_length=40, unique=True)
    enabled = models.BooleanField(default=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    thresholds = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class DetectorCursor(models.Model):
    """The last event sequence number the detectors have looked at."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"detectors at {self.last_seq}"


class Alert(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        DISMISSED = "dismissed", _("dismissed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.CharField(max_length=40, db_index=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dedup_key = models.CharField(max_length=200, unique=True)
    details = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    state_reason = models.TextField(blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rule} ({self.severity}, {self.state})"


class Suggestion(models.Model):
    """An insight turned into a change an admin applies in one click through a registered hook."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        APPLIED = "applied", _("applied")
        DISMISSED = "dismissed", _("dismissed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    evidence = models.JSONField(default=dict, blank=True)
    dedup_key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.state})"
