import pytest

from accounts.models import ApiToken
from accounts.roles import Role
from helpdesk.services import comment_create
from tests.helpdesk.api.conftest import events


def url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.code}/comments/"


def test_it_lists_the_conversation_oldest_first(agent_api, ticket, alice):
    comment_create(ticket=ticket, body="Checking with finance.", is_public=False, author_agent=alice)

    response = agent_api.get(url(ticket))

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["body"], r["is_public"]) for r in rows] == [
        ("Hello, please refund order 4711. Erika", True),
        ("Checking with finance.", False),
    ]
    assert rows[0]["author_customer"]["name"] == "Erika Mustermann"
    assert rows[1]["author_agent"]["id"] == str(alice.pk)
    [event] = events("comment.list")
    assert event.result_count == 2


def test_it_pages_the_conversation(agent_api, ticket, alice):
    for index in range(4):
        comment_create(ticket=ticket, body=f"Note {index}", is_public=False, author_agent=alice)

    first = agent_api.get(url(ticket), {"page_size": 3})
    second = agent_api.get(first.json()["next"])

    bodies = [r["body"] for r in first.json()["results"] + second.json()["results"]]
    assert bodies[1:] == [f"Note {i}" for i in range(4)]


def test_it_lists_comments_in_constant_queries(agent_api, ticket, alice, assert_constant_queries):
    for index in range(50):
        comment_create(ticket=ticket, body=f"Note {index}", is_public=index % 2 == 0, author_agent=alice)

    assert_constant_queries(agent_api, url(ticket))


def test_it_answers_404_to_an_outsider(outsider_api, ticket):
    assert outsider_api.get(url(ticket)).status_code == 404
    assert outsider_api.post(url(ticket), {"body": "Hi", "is_public": False}, format="json").status_code == 404
    assert ticket.comments.count() == 1


def test_it_adds_a_public_reply(agent_api, ticket):
    response = agent_api.post(url(ticket), {"body": "Refund is on its way.", "is_public": True}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["is_public"] is True
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_it_sanitizes_reply_html(agent_api, ticket):
    payload = {"body": "Hi", "body_html": "<p>Hi<script>alert(1)</script></p>", "is_public": False}

    response = agent_api.post(url(ticket), payload, format="json")

    assert "<script" not in response.json()["body_html"]


def test_it_lets_a_light_agent_add_an_internal_note(light_api, ticket):
    response = light_api.post(url(ticket), {"body": "FYI: VIP customer.", "is_public": False}, format="json")

    assert response.status_code == 201
    assert response.json()["is_public"] is False


def test_it_refuses_a_public_reply_from_a_light_agent(light_api, ticket):
    response = light_api.post(url(ticket), {"body": "Dear customer", "is_public": True}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"
    assert ticket.comments.count() == 1


def test_it_refuses_comments_without_the_write_scope(api_client_for, team_a, ticket):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ])

    response = client.post(url(ticket), {"body": "Hi", "is_public": False}, format="json")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "tickets:write"


def test_it_refuses_reading_comments_without_the_read_scope(api_client_for, team_a, ticket):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.CUSTOMERS_READ])

    response = client.get(url(ticket))

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "tickets:read"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"body": "Hi"},
        {"is_public": True},
        {"body": "", "is_public": True},
        {"body": "   ", "is_public": False},
        {"body": "Hi", "is_public": "perhaps"},
        {"body": ["Hi"], "is_public": True},
        {"body": "x" * 100_001, "is_public": False},
        {"body": "Hi", "is_public": False, "author": "someone"},
    ],
)
def test_it_answers_400_to_bad_comments(agent_api, ticket, payload):
    response = agent_api.post(url(ticket), payload, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["fields"]
    assert ticket.comments.count() == 1
