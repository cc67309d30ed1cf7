"""Shared helpers for the API tests: the cast lives in tests/conftest.py."""

import pytest

from accounts.models import ApiToken
from accounts.roles import Role
from helpdesk.services import customer_create, ticket_create

ALL_SCOPES = list(ApiToken.Scope.values)


@pytest.fixture
def agent_api(api_client_for, team_a):
    """An agent token on team A with every scope."""
    return api_client_for(Role.AGENT, [team_a])


@pytest.fixture
def outsider_api(api_client_for, team_b):
    """An agent token on team B only."""
    return api_client_for(Role.AGENT, [team_b])


@pytest.fixture
def light_api(api_client_for, team_a):
    return api_client_for(Role.LIGHT_AGENT, [team_a])


@pytest.fixture
def make_tickets(team_a):
    """Create `count` team-A tickets, each from its own customer."""

    def _make(count: int, team=team_a):
        tickets = []
        for index in range(count):
            requester = customer_create(name=f"Customer {index}", email=f"c{index}-{team.pk.hex[:6]}@example.org")
            tickets.append(
                ticket_create(requester=requester, subject=f"Subject {index}", body="Hello", channel="web", team=team)
            )
        return tickets

    return _make


@pytest.fixture
def assert_constant_queries(django_assert_max_num_queries):
    """Run a list URL with page_size 5, then 50, and check the second runs no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _check(client, url: str, expect_at_least: int = 50):
        separator = "&" if "?" in url else "?"
        with CaptureQueriesContext(connection) as small:
            assert client.get(f"{url}{separator}page_size=5").status_code == 200
        with django_assert_max_num_queries(len(small)):
            response = client.get(f"{url}{separator}page_size=50")
        assert response.status_code == 200
        assert len(response.json()["results"]) >= min(expect_at_least, 50)

    return _check


def events(action: str):
    from audit.models import AccessEvent

    return list(AccessEvent.objects.filter(action=action))
