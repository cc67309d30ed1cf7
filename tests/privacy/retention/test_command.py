"""`manage.py retention preview|run`: plain output, one-line errors, non-zero exit on failure."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from helpdesk.models import Ticket
from privacy.retention.services import policy_create

YEAR = timedelta(days=365)


def _call(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def policies(admin_user):
    policy_create(actor=admin_user, name="Tickets 1y", data_type="tickets", keep_for=YEAR)
    policy_create(actor=admin_user, name="Access log 2y", data_type="access_log", keep_for=2 * YEAR)


def test_it_previews_per_policy_with_a_masked_sample(policies, make_ticket):
    ticket = make_ticket(age=2 * YEAR)

    output = _call("preview")

    assert "Tickets 1y [tickets, delete after 365 days, 0:00:00]: 1 record(s) would go today" in output
    assert f"ticket {str(ticket.pk)[:8]}" in output and "Subject" not in output
    assert "Access log 2y" in output


def test_it_runs_one_named_policy_and_reports_counts(policies, make_ticket):
    make_ticket(age=2 * YEAR)

    output = _call("run", "--policy", "Tickets 1y")

    assert "Tickets 1y: done: deleted 1" in output and "Access log" not in output
    assert not Ticket.objects.exists()


def test_it_counts_without_deleting_on_a_dry_run(policies, make_ticket):
    make_ticket(age=2 * YEAR)

    output = _call("run", "--dry-run")

    assert "Tickets 1y (dry run): done:" in output and "matched 1" in output
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_it_fails_in_one_line_for_an_unknown_policy():
    with pytest.raises(CommandError, match="No retention policy is named Nope"):
        _call("run", "--policy", "Nope")


@pytest.mark.django_db
def test_it_says_when_there_is_nothing_to_run():
    assert _call("run") == "No enabled retention policy.\n"
    assert _call("preview") == "No enabled retention policy.\n"


def test_it_exits_non_zero_when_a_run_fails(policies, make_ticket, monkeypatch):
    from django.db import DatabaseError

    from privacy.retention import rows

    make_ticket(age=2 * YEAR)
    monkeypatch.setattr(rows, "rows_delete", lambda model, pks: (_ for _ in ()).throw(DatabaseError("x")))

    with pytest.raises(CommandError, match="1 run\\(s\\) failed"):
        _call("run", "--policy", "Tickets 1y")
