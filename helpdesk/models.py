import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from privacy.crypto.blind_index import BlindIndexField
from privacy.crypto.fields import EncryptedCharField, EncryptedEmailField, EncryptedJSONField, EncryptedTextField
from privacy.crypto.token_index import TokenIndex, TokenIndexField


class Sequence(models.Model):
    """Named counters for human-readable numbers (ticket #1042) on any database."""

    name = models.CharField(max_length=50, primary_key=True)
    last_value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.last_value}"


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(_("email domain"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """An end user who writes to support. Every personal field is encrypted under their own data key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedCharField(_("name"), max_length=200)
    email = EncryptedEmailField(_("email"), blank=True)
    phone = EncryptedCharField(_("phone"), max_length=64, blank=True)
    external_id = EncryptedCharField(_("external id"), max_length=100, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    email_index = BlindIndexField(source="email", normalizer="email")
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    external_id_index = BlindIndexField(source="external_id", normalizer="external_id")
    name_tokens = TokenIndexField(sources=["name"])
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [TokenIndex(fields=["name_tokens"], name="customer_name_tokens")]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:customer_detail", kwargs={"customer_id": self.pk})

    def encryption_subject(self) -> str:
        return str(self.pk)


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomFieldDefinition(models.Model):
    """A ticket field an admin defines. Values live encrypted in Ticket.custom_fields."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")

    key = models.SlugField(_("key"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WEB = "web", _("Web form")
        API = "api", _("API")

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING)

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    subject = EncryptedCharField(_("subject"), max_length=250)
    subject_tokens = TokenIndexField(sources=["subject"])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets", verbose_name=_("tags"))
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    requester = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    custom_fields = EncryptedJSONField(_("custom fields"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["team", "status", "-updated_at"]),
            models.Index(fields=["assignee", "status", "-updated_at"]),
            models.Index(fields=["status", "-updated_at"]),
            # The navigation's queue counts (helpdesk.selectors.queues.queue_counts): open tickets only.
            models.Index(
                fields=["team", "assignee"],
                condition=models.Q(status__in=["new", "open", "pending"]),
                name="ticket_open_team_assignee",
            ),
            TokenIndex(fields=["subject_tokens"], name="ticket_subject_tokens"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:ticket_detail", kwargs={"code": self.code})

    def encryption_subject(self) -> str:
        return str(self.requester_id)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Comment(models.Model):
    """A public reply or an internal note, by an agent or by the customer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    is_public = models.BooleanField(_("public reply"), default=True)
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = EncryptedTextField(_("text"))
    body_html = EncryptedTextField(_("HTML"), blank=True)
    body_tokens = TokenIndexField(sources=["body"])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["ticket", "created_at"]),
            TokenIndex(fields=["body_tokens"], name="comment_body_tokens"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.ticket_id}"

    def encryption_subject(self) -> str:
        return str(self.ticket.requester_id)

    @property
    def is_from_customer(self) -> bool:
        return self.author_customer_id is not None


class Attachment(models.Model):
    """A file kept encrypted outside the web root; served only by an authorized view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    filename = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    blob_name = models.CharField(max_length=80, unique=True, editable=False)
    uploaded_by_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"

    def encryption_subject(self) -> str:
        return str(self.ticket.requester_id)


class CannedReply(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="canned_replies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"

    def __str__(self) -> str:
        return self.title


from helpdesk.email_models import *  # noqa: E402,F401,F403
