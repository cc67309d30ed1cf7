"""Many tickets fast, for the kill -9 test and the retention benchmark: COPY with every encrypted
field sealed as on save(), attachment files written without fsync (nothing here reads them back)."""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from bench.harness_copy import copy_rows
from helpdesk import attachment_store
from helpdesk.models import Attachment, Comment, Customer, Ticket

CHUNK = 2000
SCAN = b"%PDF-1.4 scanned form"


def seed_tickets(count: int, *, age: timedelta, customers: int = 50, attachment_every: int = 5, team=None) -> list:
    """`count` closed tickets `age` old, each with a customer reply and an internal note, and
    every `attachment_every`-th with a file. Returns their primary keys."""
    people = [
        Customer(id=uuid.uuid4(), name=f"Bulk {i}", email=f"bulk{uuid.uuid4().hex[:8]}@example.org")
        for i in range(customers)
    ]
    Customer.objects.bulk_create(people)
    when = timezone.now() - age
    first = (Ticket.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    pks = []
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        pks += _chunk(people, first + start, size, when, attachment_every, team)
    Ticket.objects.filter(pk__in=pks).update(created_at=when, updated_at=when, closed_at=when)
    return pks


def _chunk(people, first_number: int, size: int, when, attachment_every: int, team) -> list:
    tickets = [
        Ticket(
            code=uuid.uuid4(),
            number=first_number + i,
            subject=f"Order {first_number + i} late",
            status="closed",
            channel="email",
            team=team,
            requester=people[i % len(people)],
            closed_at=when,
        )
        for i in range(size)
    ]
    copy_rows(Ticket, tickets)
    comments, attachments = [], []
    for i, ticket in enumerate(tickets):
        comments.append(
            Comment(id=uuid.uuid4(), ticket=ticket, body="Where is my order?", author_customer=ticket.requester)
        )
        comments.append(Comment(id=uuid.uuid4(), ticket=ticket, body="Checked with the courier", is_public=False))
        if attachment_every and i % attachment_every == 0:
            attachments.append(_attachment(ticket))
    copy_rows(Comment, comments)
    copy_rows(Attachment, attachments)
    return [t.pk for t in tickets]


def _attachment(ticket) -> Attachment:
    name = attachment_store.new_blob_name()
    path = Path(settings.ATTACHMENT_ROOT) / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"sealed bytes of a scan")
    return Attachment(
        id=uuid.uuid4(), ticket=ticket, filename="scan.pdf", content_type="application/pdf", size=22, blob_name=name
    )


def stored_blob_names() -> set[str]:
    root = Path(settings.ATTACHMENT_ROOT)
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()
