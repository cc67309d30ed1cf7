import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from accounts.roles import Role
from helpdesk.models import Customer, Organization
from helpdesk.services import customer_create
from tests.helpdesk.api.conftest import events

URL = "/api/v1/customers/"


def detail(customer) -> str:
    return f"{URL}{customer.pk}/"


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_visible_customers(agent_api, ticket, customer):
    response = agent_api.get(URL)

    assert response.status_code == 200
    assert ids(response) == [str(customer.pk)]
    row = response.json()["results"][0]
    assert row["phone"] == "••• ••• 567" and "+49 30 1234567" not in response.content.decode()
    assert row["masked_fields"] == ["email", "phone"]
    [event] = events("customer.list")
    assert event.result_count == 1


def test_it_hides_another_teams_customers(outsider_api, ticket, customer):
    assert outsider_api.get(URL).json()["results"] == []


def test_it_finds_a_customer_by_exact_email(agent_api, ticket, customer):
    customer_create(name="Other", email="other@example.de")

    assert ids(agent_api.get(URL, {"email": "Erika@Example.de"})) == [str(customer.pk)]
    assert ids(agent_api.get(URL, {"email": "erika@example.com"})) == []
    assert ids(agent_api.get(URL, {"email": "nobody@example.de"})) == []


def test_it_does_not_reveal_a_hidden_customer_by_email(outsider_api, ticket):
    assert outsider_api.get(URL, {"email": "erika@example.de"}).json()["results"] == []


def test_it_finds_and_scopes_an_email_lookup_in_one_customer_query(agent_api, ticket, customer):
    with CaptureQueriesContext(connection) as queries:
        response = agent_api.get(URL, {"email": "erika@example.de"})

    assert ids(response) == [str(customer.pk)]
    assert response.json()["next"] is None and response.json()["previous"] is None
    assert response.json()["results"][0]["email"] == "e•••@example.de"
    assert sum('FROM "helpdesk_customer"' in query["sql"] for query in queries) == 1
    [event] = events("search")
    assert event.result_count == 1


def test_it_narrows_an_email_lookup_by_a_search(agent_api, ticket, customer):
    assert ids(agent_api.get(URL, {"email": "erika@example.de", "q": "Erika"})) == [str(customer.pk)]
    assert ids(agent_api.get(URL, {"email": "erika@example.de", "q": "Somebody"})) == []


@pytest.mark.parametrize("query", ["page_size=0", "page_size=x", "cursor=garbage"])
def test_it_checks_the_paging_of_an_email_lookup(agent_api, ticket, customer, query):
    response = agent_api.get(f"{URL}?email=erika@example.de&{query}")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {query.split("=")[0]}


@pytest.mark.parametrize("query", ["email=not-an-email", f"email={'a' * 250}@example.org", "page_size=-1"])
def test_it_answers_400_to_bad_lookups(agent_api, query):
    response = agent_api.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert response.json()["fields"]


def test_it_lists_customers_in_constant_queries(api_client_for, assert_constant_queries):
    organization = Organization.objects.create(name="ACME")
    for index in range(50):
        customer_create(name=f"C{index}", email=f"c{index}@example.org", organization=organization)

    assert_constant_queries(api_client_for(Role.ADMIN), URL)


def test_it_lists_team_customers_in_constant_queries(agent_api, make_tickets, assert_constant_queries):
    make_tickets(50)

    assert_constant_queries(agent_api, URL)


def test_it_pages_customers(api_client_for):
    created = [customer_create(name=f"C{index}") for index in range(5)]
    client = api_client_for(Role.ADMIN)

    first = client.get(URL, {"page_size": 3})
    second = client.get(first.json()["next"])

    assert sorted(ids(first) + ids(second)) == sorted(str(c.pk) for c in created)


def test_it_shows_a_customer_and_logs_the_read(agent_api, ticket, customer):
    response = agent_api.get(detail(customer))

    assert response.status_code == 200
    assert response.json()["email"] == "e•••@example.de"
    [event] = events("customer.view")
    assert event.target_id == str(customer.pk)


def test_it_shows_a_senior_agent_the_full_email(api_client_for, team_a, ticket, customer):
    response = api_client_for(Role.SENIOR_AGENT, [team_a]).get(detail(customer))

    assert response.json()["email"] == "erika@example.de"
    assert response.json()["masked_fields"] == []


def test_it_answers_404_to_an_outsider(outsider_api, ticket, customer):
    assert outsider_api.get(detail(customer)).status_code == 404
    assert outsider_api.patch(detail(customer), {"name": "X"}, format="json").status_code == 404


def test_it_creates_a_customer(agent_api):
    organization = Organization.objects.create(name="ACME")
    payload = {
        "name": "Max Muster",
        "email": "max@example.de",
        "phone": "+49 89 1",
        "organization": str(organization.pk),
    }

    response = agent_api.post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["organization"]["name"] == "ACME"
    assert Customer.objects.get(pk=response.json()["id"]).email == "max@example.de"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": ""},
        {"name": 5},
        {"name": "x" * 201},
        {"name": "Max", "email": "max@"},
        {"name": "Max", "email": "erika@example.de"},
        {"name": "Max", "organization": "00000000-0000-0000-0000-000000000000"},
        {"name": "Max", "notes": "n" * 10_001},
        {"name": "Max", "id": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_it_answers_400_to_bad_customers(agent_api, customer, payload):
    response = agent_api.post(URL, payload, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["fields"]
    assert Customer.objects.count() == 1


def test_it_updates_a_customer(agent_api, ticket, customer):
    response = agent_api.patch(detail(customer), {"phone": "+49 40 999", "notes": "Prefers e-mail."}, format="json")

    assert response.status_code == 200, response.json()
    customer.refresh_from_db()
    assert (customer.phone, customer.notes) == ("+49 40 999", "Prefers e-mail.")


@pytest.mark.parametrize("payload", [{}, {"name": ""}, {"email": "x"}, {"phone": 49}, {"tickets": []}])
def test_it_answers_400_to_bad_customer_updates(agent_api, ticket, customer, payload):
    response = agent_api.patch(detail(customer), payload, format="json")

    assert response.status_code == 400, response.json()


def test_it_refuses_an_email_another_customer_has(agent_api, ticket, customer):
    customer_create(name="Other", email="other@example.de")

    response = agent_api.patch(detail(customer), {"email": "other@example.de"}, format="json")

    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_it_refuses_customer_writes_to_light_agents(light_api, ticket, customer):
    assert light_api.post(URL, {"name": "Max"}, format="json").status_code == 403
    assert light_api.patch(detail(customer), {"name": "Max"}, format="json").status_code == 403
    assert light_api.get(detail(customer)).status_code == 200


def test_it_refuses_customer_writes_without_the_write_scope(api_client_for, team_a):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.CUSTOMERS_READ])

    response = client.post(URL, {"name": "Max"}, format="json")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "customers:write"


def test_it_refuses_customer_reads_without_the_read_scope(api_client_for, team_a):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ])

    response = client.get(URL)

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "customers:read"
