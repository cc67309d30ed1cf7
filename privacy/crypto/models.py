"""Key records. Only wrapped DEKs and backend key references are stored, never material."""

import uuid

from django.db import models
from django.db.models import Q

SYSTEM_SUBJECT = "system"


class KeyState(models.TextChoices):
    ACTIVE = "active"  # used for new values
    RETIRED = "retired"  # still opens old values; re-encryption moves them away
    REVOKED = "revoked"  # refuses to open anything; restorable until destroy_after
    DESTROYED = "destroyed"  # material gone for good


READABLE_STATES = (KeyState.ACTIVE, KeyState.RETIRED)


class KeyEncryptionKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    backend = models.CharField(max_length=20)
    key_ref = models.CharField(max_length=200, help_text="The backend's name for this KEK version")
    state = models.CharField(max_length=10, choices=KeyState.choices, default=KeyState.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    destroy_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "key encryption key"
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="active"), name="crypto_one_active_kek"
            ),
            models.UniqueConstraint(fields=["backend", "key_ref"], name="crypto_unique_kek_ref"),
        ]

    def __str__(self) -> str:
        return f"KEK {self.id} ({self.backend}, {self.state})"


class DataKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=64, db_index=True)
    kek = models.ForeignKey(KeyEncryptionKey, on_delete=models.PROTECT, related_name="data_keys")
    wrapped = models.BinaryField()
    state = models.CharField(max_length=10, choices=KeyState.choices, default=KeyState.ACTIVE, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    destroy_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "data key"
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state="active"), name="crypto_one_active_dek"
            ),
        ]

    def __str__(self) -> str:
        return f"DEK {self.id} ({self.state})"


class KeyringGeneration(models.Model):
    """A single counter, bumped on every revocation, that tells caches to forget keys."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"keyring generation {self.value}"


class JobState(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReencryptionJob(models.Model):
    """Moves every value sealed under a retired DEK to its subject's active DEK.

    The row is the truth: Celery messages only say "look at job X". `checkpoint` maps a model
    label to the last primary key finished, committed together with each batch.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.CharField(max_length=80, help_text='"all" or "subject:<id>"')
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.PENDING)
    checkpoint = models.JSONField(default=dict)
    values_done = models.BigIntegerField(default=0)
    values_skipped = models.BigIntegerField(default=0, help_text="Unreadable values left as they were")
    rows_done = models.BigIntegerField(default=0)
    batches_done = models.IntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"re-encryption {self.id} ({self.state})"
