import pytest

from audit import context
from audit.checkpoints import checkpoint_create
from audit.models import AccessEvent
from audit.services import record_event
from audit.verify import verify_log


def test_it_verifies_an_untouched_log(alice, customer):
    for _ in range(3):
        record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name"])
    checkpoint_create()
    record_event(action="ticket.search", actor=alice, query="4111 1111 1111 1111", result_count=0)
    report = verify_log()
    assert report.ok, report.problems


def test_it_verifies_unusual_values_written_by_the_database_or_checked_again(alice):
    """Escapes, non-ASCII, IPv6 and numbers the database writes its own way: verify never cries wolf."""
    token = context.bind(context.RequestContext(ip="2001:db8::1", user_agent='Agent "ä" \\ \u2028 /', channel="api"))
    try:
        record_event(action="ticket.view", actor=alice, target_type="helpdesk.Ticket", target_id='quo"te\\',
                     fields_shown=["näme", "e\tmail"],
                     metadata={"z": 1, "a": [0.1, 1e-07, 10**20, True, None], "é": {"b": "x", "a": "\u00e9"}})
    finally:
        context.reset(token)
    record_event(action="ticket.search", actor=None, result_count=0)
    report = verify_log()
    assert report.ok, report.problems
    assert (report.events, report.rechecked) == (AccessEvent.objects.count(), 0)


@pytest.mark.postgresql("the database writes canonical bytes on PostgreSQL")
def test_it_checks_events_again_from_their_values_when_the_fast_bytes_differ(alice, monkeypatch):
    for _ in range(3):
        record_event(action="ticket.view", actor=alice, metadata={"plain": 1})
    monkeypatch.setattr("audit.verify._JSONMemo.__call__", lambda self, text: text)  # PostgreSQL's spacing
    report = verify_log(chunk_size=2)
    assert report.ok, report.problems
    assert report.rechecked == report.events == AccessEvent.objects.count()
