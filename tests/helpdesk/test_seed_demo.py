import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import phonenumbers
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from stdnum import iban, luhn

from accounts.management.commands.demo_logins import DEMO_DOMAIN, DEMO_PASSWORD
from accounts.models import Team, User
from accounts.roles import Role
from helpdesk.demo.seeder import seed_demo
from helpdesk.models import CannedReply, Comment, Customer, CustomFieldDefinition, Tag, Ticket
from helpdesk.selectors.customers import customer_find_by_email
from privacy.crypto.search import search
from privacy.models import RetentionPolicy

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC)
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")


class _Rollback(Exception):
    pass


def _snapshot() -> list:
    tickets = Ticket.objects.select_related("requester", "team", "assignee").prefetch_related("tags", "comments")
    return [
        (
            ticket.number, ticket.subject, ticket.status, ticket.priority, ticket.channel, ticket.team.name,
            getattr(ticket.assignee, "email", None), ticket.requester.name, ticket.requester.email,
            ticket.requester.phone, sorted(tag.name for tag in ticket.tags.all()), ticket.custom_fields,
            ticket.created_at, [(c.body, c.is_public, c.created_at) for c in ticket.comments.all()],
        )
        for ticket in tickets.order_by("number")
    ]


def _seeded_snapshot(seed: int) -> list:
    """Seed, read everything back, and roll the database back to empty."""
    try:
        with transaction.atomic():
            seed_demo(tickets=8, seed=seed, now=NOW)
            snapshot = _snapshot()
            raise _Rollback
    except _Rollback:
        return snapshot


def _bodies() -> str:
    return "\n".join(comment.body for comment in Comment.objects.all())


@pytest.mark.django_db
def test_it_creates_what_it_reports():
    out = io.StringIO()
    call_command("seed_demo", tickets=12, seed=1, stdout=out)
    assert Ticket.objects.count() == 12
    assert 4 <= Team.objects.count() <= 8
    assert Customer.objects.exists() and Customer.objects.count() <= 12
    assert Comment.objects.count() > 12
    assert Comment.objects.filter(is_public=False).exists()
    assert Comment.objects.filter(author_customer__isnull=False).exists()
    assert Comment.objects.filter(author_agent__isnull=False, is_public=True).exists()
    assert set(CustomFieldDefinition.objects.values_list("kind", flat=True)) == set(CustomFieldDefinition.Kind)
    assert CannedReply.objects.exists() and Tag.objects.exists()
    assert RetentionPolicy.objects.exists()
    assert "12 tickets" in out.getvalue() and "seed 1" in out.getvalue()


@pytest.mark.django_db
def test_it_creates_a_demo_login_for_every_role():
    seed_demo(tickets=5, seed=1)
    demo_users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    assert set(demo_users.values_list("role", flat=True)) == set(Role)
    agent = User.objects.get(email=f"agent@{DEMO_DOMAIN}")
    assert agent.check_password(DEMO_PASSWORD)
    assert agent.teams.exists()


@pytest.mark.django_db
def test_it_is_deterministic_for_a_seed():
    first, again, other = _seeded_snapshot(3), _seeded_snapshot(3), _seeded_snapshot(4)
    assert len(first) == 8
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_it_spreads_tickets_over_the_past_months():
    seed_demo(tickets=20, seed=2, now=NOW)
    created = list(Ticket.objects.values_list("created_at", flat=True))
    assert all(NOW - datetime.timedelta(days=91) <= at <= NOW for at in created)
    assert max(created) - min(created) > datetime.timedelta(days=14)
    for ticket in Ticket.objects.prefetch_related("comments"):
        times = [comment.created_at for comment in ticket.comments.all()]
        assert times == sorted(times) and ticket.updated_at == times[-1]
        assert (ticket.solved_at is not None) == (ticket.status in ("solved", "closed"))


@pytest.mark.django_db
def test_it_writes_personal_data_into_conversations():
    seed_demo(tickets=60, seed=5)
    bodies = _bodies()
    ibans = IBAN.findall(bodies)
    digit_runs = [re.sub(r"\D", "", match) for match in CARD.findall(IBAN.sub("", bodies))]
    cards = [digits for digits in digit_runs if len(digits) >= 15]
    assert cards and all(luhn.is_valid(card) for card in cards)
    assert ibans and all(iban.is_valid(value) for value in ibans)
    customers = list(Customer.objects.all())
    assert any(customer.email in bodies for customer in customers)
    for customer in customers:
        assert phonenumbers.is_valid_number(phonenumbers.parse(customer.phone))
        assert customer.name and customer.external_id


@pytest.mark.django_db
def test_it_makes_bulk_created_customers_findable_by_email():
    seed_demo(tickets=10, seed=6)
    emails = [customer.email for customer in Customer.objects.all()]
    assert len(emails) == len(set(emails))
    for email in emails:
        assert customer_find_by_email(email.upper()).email == email


@pytest.mark.django_db
def test_it_stores_personal_data_sealed_even_in_bulk():
    seed_demo(tickets=10, seed=6)
    customer = Customer.objects.order_by("created_at").last()
    comment = Comment.objects.filter(ticket__requester=customer).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, phone FROM helpdesk_customer WHERE id = %s", [customer.pk.hex])
        stored = " ".join(str(bytes(value) if isinstance(value, memoryview) else value) for value in cursor.fetchone())
        cursor.execute("SELECT body FROM helpdesk_comment WHERE id = %s", [comment.pk.hex])
        stored_body = str(cursor.fetchone()[0])
    assert customer.name.split()[-1] not in stored and customer.email not in stored
    assert comment.body.splitlines()[-1] not in stored_body


@pytest.mark.django_db
def test_it_fills_the_word_index_of_bulk_created_subjects():
    seed_demo(tickets=10, seed=6)
    ticket = Ticket.objects.order_by("number").last()
    word = max(ticket.subject.split(), key=len)
    assert ticket in search(Ticket.objects.all(), "subject_tokens", word, limit=50)


@pytest.mark.django_db
def test_it_adds_to_existing_data_without_clashing():
    seed_demo(tickets=6, seed=7)
    staff = User.objects.count()
    seed_demo(tickets=6, seed=7)
    assert Ticket.objects.count() == 12
    assert User.objects.count() == staff
    emails = [customer.email for customer in Customer.objects.all()]
    assert len(emails) == len(set(emails))


@pytest.mark.django_db
def test_it_does_nothing_with_if_empty_when_tickets_exist(ticket):
    out = io.StringIO()
    call_command("seed_demo", tickets=5, if_empty=True, stdout=out)
    assert Ticket.objects.count() == 1
    assert "no demo data added" in out.getvalue()


@pytest.mark.django_db
def test_it_seeds_an_empty_database_with_if_empty():
    call_command("seed_demo", tickets=3, if_empty=True, stdout=io.StringIO())
    assert Ticket.objects.count() == 3


@pytest.mark.parametrize(
    ("option", "value"),
    [("tickets", "0"), ("tickets", "-3"), ("tickets", "abc"), ("tickets", "100001"), ("seed", "x"), ("seed", "-1")],
)
def test_it_rejects_bad_arguments(option, value):
    with pytest.raises(CommandError, match=f"--{option} must be"):
        call_command("seed_demo", **{option: value})


def test_it_exits_with_one_line_on_a_bad_argument():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "seed_demo", "--tickets", "lots"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode != 0
    # Start-up may log JSON lines (e.g. a generated development key); the error itself is one plain line.
    plain = [line for line in result.stderr.strip().splitlines() if not line.startswith("{")]
    assert plain == ["CommandError: --tickets must be a whole number, got 'lots'"]


@pytest.mark.django_db
def test_it_lists_demo_logins_after_seeding():
    seed_demo(tickets=3, seed=1)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for local in ("admin", "senior", "agent", "light", "compliance"):
        assert f"{local}@{DEMO_DOMAIN}" in text
    assert "more demo agents" in text


@pytest.mark.django_db
def test_it_lists_every_demo_login_with_all():
    seed_demo(tickets=3, seed=1)
    out = io.StringIO()
    call_command("demo_logins", "--all", stdout=out)
    listed = [line for line in out.getvalue().splitlines() if f"@{DEMO_DOMAIN}" in line]
    assert len(listed) == User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()


@pytest.mark.django_db
def test_it_says_how_to_get_demo_logins_before_seeding():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
