"""For each role, walk every page and endpoint with seeded personal data and assert that no
value the role may not see in full appears in any response body, header or redirect."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from helpdesk.models import CannedReply
from helpdesk.services import attachment_add, comment_create, customer_create, ticket_create
from privacy.classifications import Classification as C
from privacy.masking.levels import Level
from privacy.masking.policy import Policy
from privacy.redaction.jobs import redaction_job_start
from privacy.redaction.models import RedactionFlag
from tests.urlwalk import routes

PROBES = [
    ("erika.leak@example.de", C.EMAIL),
    ("+49 30 9876543", C.PHONE),
    ("4111 1111 1111 1111", C.PAYMENT_CARD),
    ("DE89 3704 0044 0532 0130 00", C.BANK_ACCOUNT),
    ("CRM-889123", C.EXTERNAL_ID),
    ("Erika Leakmann", C.NAME),
    ("Leakmann", C.NAME),
]
ROLES = [Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT, Role.ADMIN, Role.COMPLIANCE]
SEES_TICKETS = {Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT, Role.ADMIN}
# Namespaces whose every route must be walked with seeded objects: where customer data is shown.
MUST_BE_SEEDED = ("helpdesk:", "api:", "masking:")
# Routes of objects that hold no customer values themselves (review flags, jobs, change requests).
OWN_OBJECTS = {"helpdesk:redaction_flag_resolve", "helpdesk:redaction_job"}


def _variants(value: str) -> set[str]:
    digits = re.sub(r"\D", "", value)
    compact = re.sub(r"\s", "", value)
    return {value, compact} | ({digits} if len(digits) >= 8 else set())


@pytest.fixture
def world(team_a, alice):
    customer = customer_create(name="Erika Leakmann", email=PROBES[0][0], phone=PROBES[1][0], external_id=PROBES[4][0])
    ticket = ticket_create(
        requester=customer,
        subject="Card charged twice",
        body=f"My card {PROBES[2][0]} was charged twice. Refund to IBAN {PROBES[3][0]} please, {PROBES[0][0]}",
        channel="web",
        team=team_a,
    )
    comment = comment_create(ticket=ticket, body=f"Called {PROBES[1][0]}", is_public=False, author_agent=alice)
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("statement.txt", b"statement"), actor=alice)
    reply = CannedReply.objects.create(title="Thanks", body="Thank you", created_by=alice)
    return {
        "code": ticket.code,
        "customer_id": customer.pk,
        "attachment_id": attachment.pk,
        "comment_id": comment.pk,
        "reply_id": reply.pk,
        "actor_id": alice.pk,
        "label": "helpdesk.Customer",
        "pk": customer.pk,
        "field": "email",
        "flag_id": RedactionFlag.objects.get(scope_id=ticket.code).pk,  # the IBAN is flagged on arrival
        "job_id": redaction_job_start(actor=alice, type_="phone", scope="ticket", targets=[]).pk,
    }


def _forbidden(role: str) -> set[str]:
    policy = Policy.load()
    return {
        variant
        for value, classification in PROBES
        if policy.level(classification, role) != Level.FULL
        for variant in _variants(value)
    }


def _leaks(response, forbidden: set[str]) -> set[str]:
    content = (
        response.content.decode("utf-8", "replace")
        if not getattr(response, "streaming", False)
        else (b"".join(response.streaming_content).decode("utf-8", "replace"))
    )
    haystack = content + " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return {value for value in forbidden if value in haystack}


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_no_role_a_value_it_may_not_see(role, world, team_a, login, api_client_for):
    from accounts.services import user_create

    user = user_create(email=f"{role}@leak.test", full_name="Leak Probe", role=role, teams=[team_a])
    client = login(user)
    api = api_client_for(role=role, teams=[team_a])
    forbidden = _forbidden(role)
    all_routes, unseeded = routes(world)
    assert [name for name in unseeded if name.startswith(MUST_BE_SEEDED) and name not in OWN_OBJECTS] == []

    leaks, shown = {}, set()
    for route in all_routes:
        responses = (
            [api.get(route.url)]
            if route.is_api
            else [
                client.get(route.url),
                client.get(route.url, HTTP_HX_REQUEST="true"),
            ]
        )
        for response in responses:
            if response.status_code == 200:
                shown.add(route.name)
            found = _leaks(response, forbidden)
            if found:
                leaks[route.name] = sorted(found)
    assert leaks == {}
    # The walk really reached the pages that show customer data (a redirect to sign-in shows nothing).
    if role in SEES_TICKETS:
        assert {"helpdesk:ticket_detail", "helpdesk:customer_detail", "api:ticket-comments"} <= shown
    else:
        assert "audit:event_list" in shown
