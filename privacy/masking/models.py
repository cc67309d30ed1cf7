import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from privacy.classifications import Classification
from privacy.crypto.fields import EncryptedTextField
from privacy.masking.defaults import DEFAULT_REVEAL_MINUTES
from privacy.masking.levels import Level


class MaskingRule(models.Model):
    """An admin's override of the default policy for one classification and role."""

    classification = models.CharField(_("classification"), max_length=32, choices=Classification.choices)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    reveal_allowed = models.BooleanField(_("reveal with reason allowed"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["classification", "role"], name="one_rule_per_cell")]

    def __str__(self) -> str:
        return f"{self.role}/{self.classification}: {self.level}"


class MaskingSettings(models.Model):
    """Installation-wide masking settings: a single row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    reveal_minutes = models.PositiveIntegerField(_("reveal lasts (minutes)"), default=DEFAULT_REVEAL_MINUTES)
    tokens_may_reveal = models.BooleanField(_("API tokens may reveal"), default=False)

    def __str__(self) -> str:
        return f"reveal for {self.reveal_minutes} min"


class RevealGrant(models.Model):
    """One user may see one field of one record in full until `expires_at`, for a stated reason."""

    class Reason(models.TextChoices):
        IDENTITY_CHECK = "identity_check", _("Verifying the customer's identity")
        CUSTOMER_REQUEST = "customer_request", _("The customer asked for it")
        CONTACT = "contact", _("Contacting the customer")
        FRAUD = "fraud", _("Investigating fraud")
        OTHER = "other", _("Other (explain)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reveal_grants")
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    classification = models.CharField(max_length=32, choices=Classification.choices)
    reason = models.CharField(max_length=32, choices=Reason.choices)
    explanation = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "expires_at"]),
            # Retention and erasure remove the grants that name a deleted record.
            models.Index(fields=["target_type", "target_id"], name="reveal_grant_target"),
        ]

    def __str__(self) -> str:
        return f"reveal {self.target_type}:{self.target_id}.{self.field}"

    @staticmethod
    def target_of(obj) -> tuple[str, str]:
        """(target_type, target_id): how a grant names the record `obj`."""
        return obj._meta.label, str(obj.pk)

    def encryption_subject(self) -> None:
        return None
