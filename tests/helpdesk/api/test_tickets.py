from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from helpdesk.models import Customer, Ticket
from helpdesk.services import ticket_update
from tests.helpdesk.api.conftest import events

URL = "/api/v1/tickets/"


def detail(ticket) -> str:
    return f"{URL}{ticket.code}/"


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


# --- list ---------------------------------------------------------------------------------------


def test_it_lists_the_team_tickets(agent_api, ticket):
    response = agent_api.get(URL)

    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["code"] == str(ticket.code)
    assert row["number"] == ticket.number
    assert row["subject"] == "Refund for order 4711"
    assert row["requester"]["email"] == "e•••@example.de"
    assert row["requester"]["masked_fields"] == ["email"]
    assert row["unavailable_fields"] == []


def test_it_lists_nothing_of_another_team_to_an_outsider(outsider_api, ticket):
    response = outsider_api.get(URL)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_lists_every_team_to_an_admin_token(api_client_for, ticket, make_tickets, team_b):
    other = make_tickets(1, team=team_b)[0]

    response = api_client_for(Role.ADMIN).get(URL)

    assert set(codes(response)) == {str(ticket.code), str(other.code)}


def test_it_orders_by_last_update_first(agent_api, make_tickets):
    first, second = make_tickets(2)
    ticket_update(ticket=first, actor=first.assignee or _admin(), priority="high")

    assert codes(agent_api.get(URL))[:2] == [str(first.code), str(second.code)]


def _admin():
    from accounts.models import User

    return User.objects.get(role=Role.ADMIN, is_service=False)


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("status=open", True),
        ("status=new&status=open", True),
        ("status=closed", False),
        ("priority=urgent", True),
        ("priority=low", False),
        ("channel=email", True),
        ("channel=api", False),
        ("tag=vip", True),
        ("tag=VIP", True),
        ("tag=other", False),
    ],
)
def test_it_filters_the_list(agent_api, ticket, admin_user, query, matches):
    ticket_update(ticket=ticket, actor=admin_user, status="open", priority="urgent", tags=["vip"])

    assert codes(agent_api.get(f"{URL}?{query}")) == ([str(ticket.code)] if matches else [])


def test_it_filters_by_team_assignee_and_requester(agent_api, ticket, make_tickets, alice, team_a, admin_user):
    other = make_tickets(1)[0]
    ticket_update(ticket=ticket, actor=admin_user, assignee=alice)

    assert codes(agent_api.get(f"{URL}?assignee={alice.pk}")) == [str(ticket.code)]
    assert codes(agent_api.get(f"{URL}?requester={other.requester_id}")) == [str(other.code)]
    assert len(codes(agent_api.get(f"{URL}?team={team_a.pk}"))) == 2


def test_it_filters_by_updated_since(agent_api, ticket):
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    earlier = (timezone.now() - timedelta(hours=1)).isoformat()

    assert codes(agent_api.get(URL, {"updated_since": earlier})) == [str(ticket.code)]
    assert codes(agent_api.get(URL, {"updated_since": later})) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("status=", "status"),
        ("priority=7", "priority"),
        ("channel=fax", "channel"),
        ("team=not-a-uuid", "team"),
        ("assignee=1", "assignee"),
        ("requester=%00", "requester"),
        ("updated_since=yesterday", "updated_since"),
        (f"tag={'x' * 51}", "tag"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("cursor=garbage", "cursor"),
        ("cursor=cD1ub3QtYS1kYXRl", "cursor"),
    ],
)
def test_it_answers_400_to_bad_filters(agent_api, ticket, query, field):
    response = agent_api.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert field in response.json()["fields"]


def test_it_pages_with_a_cursor(agent_api, make_tickets):
    created = make_tickets(5)

    first = agent_api.get(URL, {"page_size": 2})
    second = agent_api.get(first.json()["next"])
    third = agent_api.get(second.json()["next"])

    seen = codes(first) + codes(second) + codes(third)
    assert sorted(seen) == sorted(str(t.code) for t in created)
    assert third.json()["next"] is None
    assert agent_api.get(third.json()["previous"]).json()["results"] == second.json()["results"]


def test_it_pages_tickets_updated_at_the_same_instant(agent_api, make_tickets):
    created = make_tickets(4)
    Ticket.objects.update(updated_at=timezone.now())

    first = agent_api.get(URL, {"page_size": 3})
    second = agent_api.get(first.json()["next"])

    assert sorted(codes(first) + codes(second)) == sorted(str(t.code) for t in created)


def test_it_lists_in_constant_queries(agent_api, make_tickets, assert_constant_queries, admin_user):
    for index, ticket in enumerate(make_tickets(50)):
        if index % 2:
            ticket_update(ticket=ticket, actor=admin_user, tags=["a", f"t{index}"], assignee=admin_user)

    assert_constant_queries(agent_api, URL)


def test_it_logs_one_event_per_list_with_the_count(agent_api, make_tickets):
    make_tickets(3)

    agent_api.get(URL, {"page_size": 2})

    [event] = events("ticket.list")
    assert event.result_count == 2
    assert event.channel == "api"
    assert event.actor_role == Role.AGENT


# --- retrieve -----------------------------------------------------------------------------------


def test_it_shows_a_ticket_and_logs_the_read(agent_api, ticket):
    response = agent_api.get(detail(ticket))

    assert response.status_code == 200
    assert response.json()["code"] == str(ticket.code)
    [event] = events("ticket.view")
    assert event.target_id == str(ticket.code)
    assert "subject" in event.fields_shown


def test_it_answers_404_to_an_outsider(outsider_api, ticket):
    response = outsider_api.get(detail(ticket))

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert events("ticket.view") == []


@pytest.mark.parametrize("code", ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "1"])
def test_it_answers_json_404_to_unknown_codes(agent_api, code):
    response = agent_api.get(f"{URL}{code}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


# --- create -------------------------------------------------------------------------------------


def _new(**extra) -> dict:
    return {"subject": "Broken parcel", "body": "The parcel arrived broken.", **extra}


def test_it_creates_a_ticket_for_an_existing_customer(agent_api, customer, team_a):
    response = agent_api.post(URL, _new(requester_id=str(customer.pk), tags=["Parcel"]), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["channel"] == "api"
    assert body["requester"]["id"] == str(customer.pk)
    assert body["team"]["name"] == team_a.name
    assert body["tags"] == ["parcel"]
    ticket = Ticket.objects.get(code=body["code"])
    assert ticket.comments.get().body == "The parcel arrived broken."


def test_it_creates_the_requester_from_an_email(agent_api):
    payload = _new(requester={"email": "new.person@example.org", "name": "New Person"}, priority="high")

    response = agent_api.post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["requester"]["name"] == "New Person"
    assert response.json()["priority"] == "high"
    assert Customer.objects.count() == 1


def test_it_reuses_the_customer_with_that_email(agent_api, customer):
    response = agent_api.post(URL, _new(requester={"email": "ERIKA@example.de"}), format="json")

    assert response.status_code == 201
    assert response.json()["requester"]["id"] == str(customer.pk)


@pytest.mark.parametrize(
    "payload",
    [
        _new(),
        _new(requester={"email": "a@example.org"}, requester_id="00000000-0000-0000-0000-000000000000"),
        _new(requester={"email": "not an email"}),
        _new(requester="someone@example.org"),
        _new(requester_id="00000000-0000-0000-0000-000000000000"),
        _new(requester_id="nope"),
        _new(requester={"email": "a@example.org"}, subject="x" * 251),
        _new(requester={"email": "a@example.org"}, subject=""),
        _new(requester={"email": "a@example.org"}, body="   "),
        _new(requester={"email": "a@example.org"}, priority="whenever"),
        _new(requester={"email": "a@example.org"}, tags="vip"),
        _new(requester={"email": "a@example.org"}, tags=["no spaces allowed"]),
        _new(requester={"email": "a@example.org"}, tags=[f"t{i}" for i in range(21)]),
        _new(requester={"email": "a@example.org"}, custom_fields=["a"]),
        _new(requester={"email": "a@example.org"}, custom_fields={"unknown": 1}),
        _new(requester={"email": "a@example.org"}, team="x"),
        _new(requester={"email": "a@example.org"}, number=5),
        _new(requester={"email": "a@example.org"}, body=12),
        {"subject": None, "body": None, "requester_id": None},
    ],
)
def test_it_answers_400_to_bad_tickets(agent_api, payload):
    response = agent_api.post(URL, payload, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["fields"]
    assert Ticket.objects.count() == 0
    assert Customer.objects.count() == 0


def test_it_refuses_a_requester_the_caller_may_not_see(outsider_api, ticket, customer):
    response = outsider_api.post(URL, _new(requester_id=str(customer.pk)), format="json")

    assert response.status_code == 400
    assert "requester_id" in response.json()["fields"]


def test_it_refuses_ticket_creation_to_light_agents(light_api, customer):
    response = light_api.post(URL, _new(requester_id=str(customer.pk)), format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"


def test_it_refuses_creation_without_the_write_scope(api_client_for, team_a, customer):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ])

    response = client.post(URL, _new(requester_id=str(customer.pk)), format="json")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "tickets:write"


# --- update -------------------------------------------------------------------------------------


def test_it_updates_a_ticket(agent_api, ticket, alice, team_b):
    payload = {
        "status": "pending",
        "priority": "high",
        "assignee": str(alice.pk),
        "tags": ["vip", "refund"],
        "subject": "Refund, order 4711",
    }

    response = agent_api.patch(detail(ticket), payload, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["priority"], body["assignee"]["id"]) == ("pending", "high", str(alice.pk))
    assert body["tags"] == ["refund", "vip"]
    assert body["subject"] == "Refund, order 4711"
    ticket.refresh_from_db()
    assert ticket.status == "pending"


def test_it_moves_a_ticket_to_another_team_and_unassigns(agent_api, ticket, team_b, admin_user, alice):
    ticket_update(ticket=ticket, actor=admin_user, assignee=alice)

    response = agent_api.patch(detail(ticket), {"team": str(team_b.pk), "assignee": None}, format="json")

    assert response.status_code == 200
    assert response.json()["team"]["id"] == str(team_b.pk)
    assert response.json()["assignee"] is None


def test_it_updates_custom_fields(agent_api, ticket):
    from helpdesk.models import CustomFieldDefinition

    CustomFieldDefinition.objects.create(key="order", label="Order", kind="number")

    response = agent_api.patch(detail(ticket), {"custom_fields": {"order": "4711"}}, format="json")
    bad = agent_api.patch(detail(ticket), {"custom_fields": {"order": "many"}}, format="json")

    assert response.json()["custom_fields"] == {"order": 4711}
    assert bad.status_code == 400
    assert "order" in bad.json()["fields"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"status": "done"},
        {"status": None},
        {"priority": ["high"]},
        {"assignee": "not-a-uuid"},
        {"assignee": "00000000-0000-0000-0000-000000000000"},
        {"team": 12},
        {"subject": "   "},
        {"subject": "s" * 251},
        {"number": 9},
        {"requester": "x"},
        {"tags": [None]},
        {"custom_fields": "x"},
    ],
)
def test_it_answers_400_to_bad_updates(agent_api, ticket, payload):
    response = agent_api.patch(detail(ticket), payload, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "invalid"


def test_it_refuses_assigning_an_integration_account(agent_api, ticket, api_client_for):
    from accounts.models import User

    api_client_for(Role.AGENT)
    service_user = User.objects.filter(is_service=True).first()

    response = agent_api.patch(detail(ticket), {"assignee": str(service_user.pk)}, format="json")

    assert response.status_code == 400


def test_it_answers_404_to_an_outsider_update(outsider_api, ticket):
    response = outsider_api.patch(detail(ticket), {"status": "solved"}, format="json")

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_it_refuses_updates_to_light_agents(light_api, ticket):
    response = light_api.patch(detail(ticket), {"status": "solved"}, format="json")

    assert response.status_code == 403


def test_it_refuses_updates_without_the_write_scope(api_client_for, team_a, ticket):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ])

    response = client.patch(detail(ticket), {"status": "solved"}, format="json")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "tickets:write"


def test_it_searches_with_q_through_the_blind_indexes(agent_api, ticket):
    from helpdesk.services import customer_create, ticket_create

    other = customer_create(name="Jonas Weber", email="jonas@example.com")
    ticket_create(requester=other, subject="Printer jammed", body="Paper stuck", channel="web", team=ticket.team)

    assert codes(agent_api.get(URL, {"q": "refund order"})) == [str(ticket.code)]
    assert codes(agent_api.get(URL, {"q": "ERIKA@example.de"})) == [str(ticket.code)]
    assert codes(agent_api.get(URL, {"q": f"#{ticket.number}"})) == [str(ticket.code)]
    assert codes(agent_api.get(URL, {"q": "erika@exam"})) == []
    searches = sorted(events("search"), key=lambda event: event.id)
    assert len(searches) == 4 and searches[-1].result_count == 0


def test_it_records_the_search_query_only_encrypted(agent_api, ticket):
    from django.db import connection

    agent_api.get(URL, {"q": "erika@example.de"})

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_accessevent")
        rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM audit_eventsecret")
        secrets = repr(cursor.fetchall())
    assert "erika@example.de" not in rows and "erika@example.de" not in secrets
    assert events("search")[0].query_classes == "email"
