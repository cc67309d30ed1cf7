"""The query-string inputs the API fuzz found lax: each bad value is a 400 naming the parameter, documented."""

from urllib.parse import urlencode

import pytest

from accounts.roles import Role
from audit.services import record_event

EVENTS = "/api/v1/access-events/"
CUSTOMERS = "/api/v1/customers/"
TICKETS = "/api/v1/tickets/"


@pytest.fixture
def reviewer_api(api_client_for):
    return api_client_for(role=Role.COMPLIANCE)


@pytest.fixture
def agent_api(api_client_for, team_a):
    return api_client_for(role=Role.AGENT, teams=[team_a])


def _rejected(client, url: str, params: dict, parameter: str) -> str:
    """Assert a 400 whose JSON body names `parameter`; return its message."""
    response = client.get(f"{url}?{urlencode(params)}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "invalid"
    assert list(body["fields"]) == [parameter]
    return " ".join(body["fields"][parameter])


@pytest.mark.parametrize("cursor", ["garbage", "±\"ü", "cD1ub3QtYS1udW1iZXI=", "bz14", "%00"])
def test_it_answers_400_to_a_bad_access_log_cursor(reviewer_api, alice, cursor):
    record_event(action="customer.view", actor=alice)

    assert "cursor" in _rejected(reviewer_api, EVENTS, {"cursor": cursor}, "cursor")


@pytest.mark.parametrize("page_size", ["ten", "1.5", "-1", "0", "1001", "", "-1.4770441781036718e-161", "1e3"])
def test_it_answers_400_to_a_bad_access_log_page_size(reviewer_api, page_size):
    assert "1 to 1000" in _rejected(reviewer_api, EVENTS, {"page_size": page_size}, "page_size")


def test_it_still_pages_the_access_log_with_good_input(reviewer_api, alice):
    for _ in range(3):
        record_event(action="customer.view", actor=alice)

    first = reviewer_api.get(EVENTS, {"page_size": "1000", "action": "customer.view"})
    second = reviewer_api.get(reviewer_api.get(EVENTS, {"page_size": "2"}).json()["next"])

    assert len(first.json()["results"]) == 3
    assert second.status_code == 200 and second.json()["results"]


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@example.org", "erika@@example.de", "erika@exa mple.de", ""])
def test_it_answers_400_to_a_malformed_email_lookup(agent_api, customer, email):
    message = _rejected(agent_api, CUSTOMERS, {"email": email}, "email")

    assert "email address" in message or "leave the parameter out" in message


BAD_QUERIES = ["", "   ", "x" * 201, "refund\x00", "\x1b[31mred", "bell\x07"]


@pytest.mark.parametrize("url", [CUSTOMERS, TICKETS])
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_it_answers_400_to_an_invalid_search(agent_api, ticket, url, query):
    assert _rejected(agent_api, url, {"q": query}, "q")


@pytest.mark.parametrize(
    "query", ["Erika", "refund 4711", "erika@example.de", "Müller & Söhne", "order\t4711", "🎉 #1", "x" * 200]
)
def test_it_answers_normal_text_searches(agent_api, ticket, query):
    customers = agent_api.get(CUSTOMERS, {"q": query})
    tickets = agent_api.get(TICKETS, {"q": query})

    assert (customers.status_code, tickets.status_code) == (200, 200)


def test_it_finds_what_a_normal_search_names(agent_api, ticket):
    assert [t["code"] for t in agent_api.get(TICKETS, {"q": "refund 4711"}).json()["results"]] == [str(ticket.code)]
    assert [c["name"] for c in agent_api.get(CUSTOMERS, {"q": "Erika"}).json()["results"]] == ["Erika Mustermann"]


@pytest.mark.parametrize("parameter", ["assignee", "channel", "team", "requester", "tag", "updated_since"])
def test_it_answers_400_to_an_empty_ticket_filter(agent_api, parameter):
    assert "leave the parameter out" in _rejected(agent_api, TICKETS, {parameter: ""}, parameter)


def test_it_documents_the_400s(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path in (EVENTS, CUSTOMERS, TICKETS):
        assert "400" in schema["paths"][path]["get"]["responses"], path
    q = next(p for p in schema["paths"][TICKETS]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["minLength"] == 1 and q["schema"]["maxLength"] == 200 and q["schema"]["pattern"]
