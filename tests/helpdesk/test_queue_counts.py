import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import Ticket
from helpdesk.selectors.queues import QUEUES, queue_base, queue_counts
from helpdesk.services import ticket_create, ticket_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(customer, team_a, team_b, alice, bob, admin_user):
    """Open, pending, solved and closed tickets of both teams and of none, some assigned."""

    def make(team, *, assignee=None, status=None):
        ticket = ticket_create(requester=customer, subject="Order", body="Where is it?", channel="web", team=team)
        changes = {key: value for key, value in (("assignee", assignee), ("status", status)) if value}
        return ticket_update(ticket=ticket, actor=admin_user, **changes) if changes else ticket

    make(team_a)
    make(team_a, status="open")
    make(team_a, assignee=alice, status="open")
    make(team_a, assignee=bob, status="pending")
    make(team_a, status="solved")
    make(team_a, assignee=alice, status="closed")
    make(team_b, assignee=alice)
    make(team_b)
    make(team_b, status="pending")
    make(None)


@pytest.mark.parametrize(("who", "expected"), [
    ("alice", {"mine": 2, "team": 2, "open": 5}),
    ("charlie", {"mine": 0, "team": 2, "open": 3}),
    ("admin_user", {"mine": 0, "team": 5, "open": 8}),
    ("compliance", {"mine": 0, "team": 0, "open": 0}),
])
def test_it_counts_the_open_tickets_of_each_queue(request, spread, who, expected):
    user = request.getfixturevalue(who)
    assert queue_counts(user=user) == expected
    open_only = {"status__in": Ticket.OPEN_STATUSES}
    assert expected == {queue: queue_base(user=user, queue=queue).filter(**open_only).count() for queue in QUEUES}


@pytest.mark.parametrize(("who", "expected"), [("alice", 2), ("admin_user", 1), ("compliance", 0)])
def test_it_counts_every_queue_in_at_most_two_queries(request, spread, who, expected):
    user = request.getfixturevalue(who)
    user.team_ids()
    with CaptureQueriesContext(connection) as queries:
        queue_counts(user=user)
    assert len(queries) == expected


@pytest.mark.postgresql("query plans and index-only scans")
@pytest.mark.parametrize("who", ["alice", "admin_user"])
def test_it_counts_a_team_from_the_partial_index_alone(request, spread, who):
    """An index-only scan: no column outside the index, so no ticket is read from the table."""
    user = request.getfixturevalue(who)
    user.team_ids()
    with CaptureQueriesContext(connection) as queries:
        queue_counts(user=user)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using ticket_open_team_assignee" in plan, plan


@pytest.mark.postgresql("query plans")
def test_it_reads_the_open_tickets_of_a_team_from_the_partial_index(spread, alice):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Ticket.objects.filter(team__in=alice.team_ids(), status__in=Ticket.OPEN_STATUSES).explain()
    assert "ticket_open_team_assignee" in plan


def test_it_shows_the_counts_in_the_navigation(login, alice, spread):
    page = login(alice).get("/tickets/open/").content.decode()
    assert '<span>My tickets</span><span class="count">2</span>' in page
    assert '<span>Unassigned</span><span class="count">2</span>' in page
    assert '<span>All open</span><span class="count">5</span>' in page


def _counts_run(captured) -> int:
    return sum("COUNT(" in query["sql"] for query in captured)


@pytest.fixture
def navigation_counts(alice, spread) -> int:
    """How many COUNT queries the navigation's counts take for alice."""
    alice.team_ids()
    with CaptureQueriesContext(connection) as queries:
        queue_counts(user=alice)
    return _counts_run(queries.captured_queries)


@pytest.mark.parametrize(("queue", "total"), [("mine", 2), ("team", 2), ("open", 5)])
def test_an_unfiltered_queue_takes_its_total_from_the_counts(login, alice, navigation_counts, queue, total):
    client = login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/tickets/{queue}/", {"sort": "priority"}).content.decode()
    assert f"1–{total} of {total}" in page
    assert _counts_run(queries.captured_queries) == navigation_counts, "no paginator COUNT of its own"


def test_a_filtered_queue_counts_what_it_lists(login, alice, navigation_counts):
    client = login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/tickets/open/", {"status": "pending"}).content.decode()
    assert "1–1 of 1" in page and '<span class="count">5</span>' in page
    assert _counts_run(queries.captured_queries) == navigation_counts + 1
