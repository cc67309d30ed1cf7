"""Tickets of a chosen age, with comments and attachment files, for retention tests."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from helpdesk.models import Tag, Ticket
from helpdesk.services import attachment_add, comment_create, customer_create, ticket_create


@pytest.fixture
def make_ticket(team_a, alice):
    """A closed ticket whose created/updated/closed times all lie `age` in the past."""
    counter = iter(range(1, 10_000))

    def _make(*, age: timedelta, tags=(), status="closed", channel="email", attachment=False, customer=None, **kw):
        n = next(counter)
        requester = customer or customer_create(name=f"Person {n}", email=f"person{n}@example.org")
        ticket = ticket_create(
            requester=requester, subject=f"Subject {n}", body=f"Body {n}", channel=channel, team=team_a, **kw
        )
        comment_create(ticket=ticket, body=f"Internal {n}", is_public=False, author_agent=alice)
        if attachment:
            attachment_add(ticket=ticket, upload=SimpleUploadedFile(f"scan-{n}.pdf", b"%PDF scan"), actor=alice)
        for name in tags:
            ticket.tags.add(Tag.objects.get_or_create(name=name)[0])
        when = timezone.now() - age
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=when,
            updated_at=when,
            status=status,
            closed_at=when if status == "closed" else None,
            solved_at=None,
        )
        return Ticket.objects.get(pk=ticket.pk)

    return _make


@pytest.fixture
def run_retention(django_capture_on_commit_callbacks):
    """`retention run`, with the after-commit file deletions a real transaction would fire."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retention", "run")

    return run


@pytest.fixture
def stored_files(settings):
    def _files() -> list[Path]:
        root = Path(settings.ATTACHMENT_ROOT)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return _files
