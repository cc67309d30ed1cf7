"""Every route of the URL conf x every party x objects it owns and objects it does not own.

Two teams each get a ticket, customer, comment and attachment carrying unique secrets. Each party
(agent, senior, light agent and outsider on their teams, admin, compliance officer, an anonymous
customer who used the web form) walks every page and endpoint with both sets of objects, reads
with GET and writes with POST into objects it does not own, and searches for the other team's
secrets. No response may be a 5xx, no write into a foreign object may succeed, and no response
may carry a secret of a team the party may not see. New routes are walked automatically.
"""

import secrets
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import user_create
from helpdesk.models import CannedReply, Ticket
from helpdesk.services import attachment_add, comment_create, customer_create, ticket_create
from tests.conftest import PASSWORD
from tests.urlwalk import routes

pytestmark = pytest.mark.slow
# Routes that name one object of a team: a party outside that team must get no 2xx from them.
OBJECT_KWARGS = {"code", "customer_id", "attachment_id", "comment_id", "pk"}
# Pages anyone may open, signed in or not.
PUBLIC_ROUTES = {
    "healthz", "accounts:login", "accounts:logout", "accounts:sso_start", "accounts:sso_callback",
    "helpdesk:web_form", "helpdesk:web_form_thanks", "api-schema", "api-docs",
}
# Open bugs, each reported; the test fails as soon as one is fixed, so this list can only shrink.
KNOWN_OPEN: set[tuple[str, str, str, int]] = set()


@dataclass
class Side:
    """One team's objects and the secrets they carry."""

    kwargs: dict
    secrets: set[str]
    ticket: Ticket


def _side(team, agent, tag: str) -> Side:
    token = f"{tag}{secrets.token_hex(6)}"
    email = f"owner.{token}@example.org"
    customer = customer_create(name=f"Name {token}", email=email, phone="+49 30 5550101")
    subject = f"Subject {token} refund"
    ticket = ticket_create(requester=customer, subject=subject, body=f"Body {token}", channel="web", team=team)
    comment = comment_create(ticket=ticket, body=f"Note {token}", is_public=False, author_agent=agent)
    upload = SimpleUploadedFile(f"file-{token}.txt", f"Content {token}".encode())
    attachment = attachment_add(ticket=ticket, upload=upload, actor=agent)
    reply = CannedReply.objects.create(title=f"Reply {tag}", body="Thanks", created_by=agent)
    kwargs = {
        "code": ticket.code, "customer_id": customer.pk, "attachment_id": attachment.pk, "comment_id": comment.pk,
        "reply_id": reply.pk, "actor_id": agent.pk, "label": "helpdesk.Customer", "pk": customer.pk,
        "field": "email",
    }
    return Side(kwargs=kwargs, secrets={subject, email, token}, ticket=ticket)


@pytest.fixture
def sides(team_a, team_b, alice, charlie):
    return {"a": _side(team_a, alice, "alpha"), "b": _side(team_b, charlie, "bravo")}


@dataclass
class Party:
    name: str
    role: str | None  # None: an anonymous customer
    team: str | None  # "a", "b" or None (no team)

    def owns(self, side: str) -> bool:
        return self.role == Role.ADMIN or (self.team == side and self.role != Role.COMPLIANCE)

    def reviews(self, route) -> bool:
        """A compliance officer reviews who saw which object in the access log: that is their job."""
        return self.role == Role.COMPLIANCE and route.name.startswith(("audit:", "privacy:"))


PARTIES = [
    Party("agent", Role.AGENT, "a"),
    Party("senior", Role.SENIOR_AGENT, "a"),
    Party("light", Role.LIGHT_AGENT, "a"),
    Party("outsider", Role.AGENT, "b"),
    Party("admin", Role.ADMIN, None),
    Party("compliance", Role.COMPLIANCE, None),
    Party("customer", None, None),
]


def _clients(party: Party, login, api_client_for, teams) -> tuple[Client, APIClient]:
    if party.role is None:
        client = Client()
        form = {"name": "Web User", "email": "web.user@example.net", "subject": "Hi", "message": "Help me"}
        client.post("/support/new/", form)  # a customer who used the web form: a session, no account
        return client, APIClient()
    team = [teams[party.team]] if party.team else []
    user = user_create(email=f"{party.name}@matrix.test", full_name="Matrix", role=party.role, password=PASSWORD,
                       teams=team)
    return login(user), api_client_for(role=party.role, teams=team)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    headers = " ".join(f"{key}: {value}" for key, value in response.headers.items())
    return content.decode("utf-8", "replace") + headers


def _names_an_object(route, all_routes_kwargs: dict[str, set[str]]) -> bool:
    return bool(all_routes_kwargs.get(route.name, set()) & OBJECT_KWARGS)


def _route_kwargs() -> dict[str, set[str]]:
    from tests.urlwalk import _kwarg_names, route_names

    return {name: set(_kwarg_names(pattern)) for name, pattern in route_names()}


def _check(party: Party, side: str, route, method: str, response, forbidden: set[str], problems: list) -> None:
    status = response.status_code
    leaked = sorted(secret for secret in forbidden if secret in _body(response))
    if status >= 500 or leaked:
        problems.append((route.name, method, side, status, leaked))
    elif party.role is None and route.name not in PUBLIC_ROUTES and 200 <= status < 300:
        problems.append((route.name, method, side, status, "anonymous 2xx"))


@pytest.mark.parametrize("party", PARTIES, ids=[party.name for party in PARTIES])
def test_it_gives_no_party_data_it_may_not_see(party, sides, team_a, team_b, login, api_client_for, settings):
    settings.WEB_FORM_RATE_PER_HOUR = 1000
    client, api = _clients(party, login, api_client_for, {"a": team_a, "b": team_b})
    client.raise_request_exception = api.raise_request_exception = False  # a 500 is a finding, not a crash
    kwargs_of = _route_kwargs()
    forbidden = set().union(*(sides[side].secrets for side in sides if not party.owns(side)))
    problems = []
    for side_name, side in sides.items():
        all_routes, _ = routes(side.kwargs)
        foreign = not party.owns(side_name)
        for route in all_routes:
            caller = api if route.is_api else client
            methods = ["get", "post"] if foreign and _names_an_object(route, kwargs_of) else ["get"]
            for method in methods:
                response = getattr(caller, method)(route.url)
                _check(party, side_name, route, method, response, forbidden, problems)
                named = foreign and _names_an_object(route, kwargs_of) and not party.reviews(route)
                if named and 200 <= response.status_code < 300:
                    problems.append((route.name, method, side_name, response.status_code, "foreign object 2xx"))
    problems += _search_problems(client, api, sides, forbidden)

    found = {(party.name, *problem[:2], problem[3]) for problem in problems if len(problem) == 5}
    known = {bug for bug in KNOWN_OPEN if bug[0] == party.name}
    assert [problem for problem in problems if (party.name, *problem[:2], problem[3]) not in known] == []
    assert found >= known, "a known bug is fixed: remove it from KNOWN_OPEN"
    _assert_untouched(sides)


def _search_problems(client, api, sides, forbidden: set[str]) -> list:
    """Searching for another team's subject or customer e-mail finds nothing of it."""
    problems = []
    for side in sides.values():
        for secret in side.secrets:
            for caller, url in (
                (client, f"/search/?q={secret}"),
                (api, f"/api/v1/tickets/?q={secret}"),
                (api, f"/api/v1/customers/?q={secret}"),
                (api, f"/api/v1/customers/?email={secret}"),
            ):
                response = caller.get(url)
                body = _body(response)  # the query itself is echoed back: only other secrets count
                leaked = sorted(other for other in forbidden if other not in secret and other in body)
                if response.status_code >= 500 or leaked:
                    problems.append((url, response.status_code, leaked))
    return problems


def _assert_untouched(sides) -> None:
    """No write into a foreign object went through: tickets keep their team, status and comments."""
    for side in sides.values():
        ticket = Ticket.objects.get(pk=side.ticket.pk)
        assert (ticket.team_id, ticket.status, ticket.assignee_id) == (
            side.ticket.team_id,
            side.ticket.status,
            side.ticket.assignee_id,
        )
        assert ticket.comments.count() == 2
        assert ticket.attachments.count() == 1
