"""The email channel's own rows: mailboxes polled over IMAP, one record per message seen or sent,
delivery attempts of outbound mail, and change requests that wait for a second agent.

Message-IDs are kept only as SHA-256 digests: threading needs equality, not the text, and some
clients put names or addresses into their Message-IDs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from privacy.crypto.fields import EncryptedCharField, EncryptedJSONField

__all__ = ["ChangeApproval", "EmailDelivery", "EmailMessageRecord", "Mailbox"]


class Mailbox(models.Model):
    """An IMAP mailbox the poller reads. Credentials are system secrets, sealed under the system key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    host = models.CharField(_("IMAP host"), max_length=200)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    use_ssl = models.BooleanField(_("use TLS"), default=True)
    username = EncryptedCharField(_("user name"), max_length=200)
    password = EncryptedCharField(_("password"), max_length=200)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    done_folder = models.CharField(
        _("move processed mail to"), max_length=200, blank=True,
        help_text=_("Empty: processed messages are only flagged as seen."),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("team for new tickets"),
    )
    active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def encryption_subject(self) -> None:
        return None


class EmailMessageRecord(models.Model):
    """One message that came in or went out, known by the digest of its Message-ID."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("Inbound")
        OUTBOUND = "out", _("Outbound")

    class Outcome(models.TextChoices):
        STORED = "stored", _("Stored")
        IGNORED = "ignored", _("Ignored (auto-reply or bounce)")
        REFUSED = "refused", _("Refused")
        SENT = "sent", _("Sent")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message_id_hash = models.CharField(max_length=64, unique=True)
    # The text itself, sealed, kept only for messages of a ticket: replies cite it so mail clients thread.
    message_id = EncryptedCharField(max_length=998, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=40, blank=True)
    ticket = models.ForeignKey(
        "helpdesk.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="email_records"
    )
    comment = models.OneToOneField(
        "helpdesk.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="email_record"
    )
    mailbox = models.ForeignKey(Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    size = models.PositiveIntegerField(default=0)
    hints = EncryptedJSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.direction} {self.message_id_hash[:12]} {self.outcome}"

    def encryption_subject(self) -> str | None:
        return str(self.ticket.requester_id) if self.ticket_id else None


class EmailDelivery(models.Model):
    """One e-mail we owe someone, with its attempts. Admins see failures in the admin list."""

    class Kind(models.TextChoices):
        CUSTOMER_REPLY = "customer_reply", _("Reply to customer")
        AGENT_ASSIGNED = "agent_assigned", _("Assignment to agent")
        AGENT_NEW_TICKET = "agent_new_ticket", _("New ticket to agent")
        BOUNCE = "bounce", _("Refusal notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed, will retry")
        FAILED = "failed", _("Failed, gave up")
        SKIPPED = "skipped", _("Skipped (no address)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    ticket = models.ForeignKey(
        "helpdesk.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    comment = models.ForeignKey(
        "helpdesk.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Only refusal notices go to an address that belongs to no row; sealed, and cleared once sent.
    address = EncryptedCharField(max_length=320, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "email deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "comment"], condition=models.Q(comment__isnull=False), name="one_delivery_per_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"

    def encryption_subject(self) -> None:
        return None



class ChangeApproval(models.Model):
    """A message asked to change contact or payout details; a second agent must approve acting on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a first agent")
        CONFIRMED = "confirmed", _("Waiting for a second agent")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ticket = models.ForeignKey("helpdesk.Ticket", on_delete=models.CASCADE, related_name="change_approvals")
    comment = models.OneToOneField("helpdesk.Comment", on_delete=models.CASCADE, related_name="change_approval")
    kinds = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"change approval {self.pk} {self.status}"
