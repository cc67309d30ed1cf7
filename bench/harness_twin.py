"""The plain Django twin of the helpdesk tables: same columns, no encryption, no indexes over
ciphertext. The baseline views read these, so 'whole stack vs plain Django' compares the same
queries over the same data. Bench-only tables, created by the data set builder."""

import uuid

from django.conf import settings
from django.db import connection, models

from accounts.models import Team
from helpdesk.models import Tag


class PlainCustomer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=64, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "bench"
        db_table = "bench_plain_customer"

    def __str__(self) -> str:
        return self.name


class PlainTicket(models.Model):
    code = models.UUIDField(primary_key=True, default=uuid.uuid4)
    number = models.PositiveBigIntegerField(unique=True)
    subject = models.CharField(max_length=250)
    status = models.CharField(max_length=10)
    priority = models.CharField(max_length=10)
    channel = models.CharField(max_length=10)
    tags = models.ManyToManyField(Tag, related_name="+", db_table="bench_plain_ticket_tags")
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requester = models.ForeignKey(PlainCustomer, on_delete=models.PROTECT, related_name="tickets")
    custom_fields = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "bench"
        db_table = "bench_plain_ticket"
        indexes = [
            models.Index(fields=["team", "status", "-updated_at"], name="bench_plain_team_status"),
            models.Index(fields=["assignee", "status", "-updated_at"], name="bench_plain_assignee_status"),
            models.Index(fields=["status", "-updated_at"], name="bench_plain_status"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class PlainComment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    ticket = models.ForeignKey(PlainTicket, on_delete=models.CASCADE, related_name="comments")
    is_public = models.BooleanField(default=True)
    author_agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_customer = models.ForeignKey(PlainCustomer, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        app_label = "bench"
        db_table = "bench_plain_comment"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="bench_plain_comment_ticket")]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


TWIN_MODELS = (PlainCustomer, PlainTicket, PlainComment)


def create_tables() -> None:
    """Create the twin tables (idempotent: a fresh bench database or a test database)."""
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in TWIN_MODELS:
            if model._meta.db_table not in existing:
                editor.create_model(model)
