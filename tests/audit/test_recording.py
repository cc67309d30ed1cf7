"""record_event: one chained row per call, in the caller's transaction, no personal data in clear."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit import context
from audit.models import AccessEvent, EventSecret
from audit.services import record_event
from helpdesk.models import Customer

PG = pytest.mark.postgresql("triggers and roles")
QUERY = "erika@example.de"


def test_it_records_actor_role_teams_and_request_context(alice, customer, team_a):
    bound = context.RequestContext(request_id="r1", ip="::ffff:10.1.2.3", user_agent="UA\x00\n", channel="web")
    token = context.bind(bound)
    try:
        event = record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name", "email"])
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert (event.actor_id, event.actor_role, event.actor_teams) == (alice.pk, "agent", [str(team_a.pk)])
    assert (event.target_type, event.target_id) == ("helpdesk.Customer", str(customer.pk))
    assert event.customer_id == str(customer.pk)
    assert (event.ip, event.user_agent, event.request_id, event.channel) == ("10.1.2.3", "UA", "r1", "web")


def test_it_numbers_events_without_gaps_even_after_a_rollback(alice):
    first = record_event(action="ticket.search", actor=alice, result_count=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(action="ticket.search", actor=alice, result_count=2)
        raise RuntimeError
    assert record_event(action="ticket.search", actor=alice).id == first.id + 1


def test_it_stores_the_query_only_encrypted_with_its_classification(alice):
    event = record_event(action="customer.search", actor=alice, query=QUERY, result_count=1)
    assert event.classes == ["email"]
    assert EventSecret.objects.get(event=event).query == QUERY
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_accessevent")
        events = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM audit_eventsecret")
        secrets = repr(cursor.fetchall())
    assert QUERY not in events and QUERY not in secrets and "erika" not in (events + secrets).lower()


def test_it_keeps_personal_data_out_of_events_of_a_customer_view(alice, customer):
    record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name", "email", "phone"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_accessevent")
        rows = repr(cursor.fetchall()).lower()
    for value in ("erika", "mustermann", "example.de", "1234567"):
        assert value not in rows


def test_it_fails_the_action_when_recording_fails(alice, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("log unavailable")

    monkeypatch.setattr("audit.services._append", broken)
    before = Customer.objects.count()
    with pytest.raises(DatabaseError):
        from helpdesk.services import customer_create

        customer_create(name="Max Muster", email="max@example.de", actor=alice)
    assert Customer.objects.count() == before


@PG
def test_it_refuses_update_and_delete_through_the_trigger(alice):
    event = record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id="t")
    statements = (
        "UPDATE audit_accessevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    )
    for statement in statements:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.id])


@PG
def test_it_gives_a_limited_app_role_permission_denied(alice):
    """The GRANT recipe of docs/audit.md: the app role may INSERT and SELECT, never UPDATE or DELETE."""
    event = record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id="t")
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE sealdesk_app_test NOLOGIN")
        cursor.execute("GRANT SELECT, INSERT ON audit_accessevent, audit_checkpoint TO sealdesk_app_test")
        cursor.execute("SET LOCAL ROLE sealdesk_app_test")
        for statement in ("UPDATE audit_accessevent SET action = 'x' WHERE id = %s",
                          "DELETE FROM audit_accessevent WHERE id = %s",
                          "TRUNCATE audit_accessevent"):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute(statement, [event.id] if "%s" in statement else None)
        cursor.execute("RESET ROLE")


def test_it_purges_only_whole_sealed_segments_and_still_verifies(alice):
    from datetime import timedelta

    from django.utils import timezone

    from audit.checkpoints import checkpoint_create
    from audit.services import segments_purge
    from audit.verify import verify_log

    for _ in range(5):
        record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id="t")
    sealed = checkpoint_create()
    record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id="t")
    removed = segments_purge(before=timezone.now() + timedelta(days=1))
    assert removed == sealed.to_seq
    assert AccessEvent.objects.order_by("id").first().id == sealed.to_seq + 1
    assert verify_log().ok


def test_it_exits_non_zero_and_names_the_event_on_a_break(alice, tamper, capsys):
    for _ in range(3):
        record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id="t")
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    tamper("UPDATE audit_accessevent SET target_id = 'u' WHERE id = 2")
    with pytest.raises(CommandError, match="event 2") as error:
        call_command("audit", "verify")
    assert error.value.returncode == 1


def test_it_rejects_recording_with_a_duplicate_sequence(alice, tamper):
    record_event(action="ticket.view", actor=alice)
    tamper("UPDATE audit_chainhead SET seq = seq - 1")
    with pytest.raises(IntegrityError), transaction.atomic():
        record_event(action="ticket.view", actor=alice)
