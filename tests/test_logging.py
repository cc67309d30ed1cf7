"""Logs name ids and counts, never personal data: every record of every logger is checked."""

import io
import logging
from urllib.parse import quote, quote_plus

import pytest
from django.core import mail
from django.urls import reverse

from config.logging import JsonFormatter
from helpdesk.services import comment_create, customer_create, ticket_create

PERSONAL = {
    "name": "Zdenka Quellenhof",
    "email": "zdenka.quellenhof@example.org",
    "phone": "+49 30 98765432",
    "external_id": "CRM-7734-QX",
    "subject": "Kündigung Vertrag Quellenhof-Ost",
    "body": "Meine IBAN ist DE89 3704 0044 0532 0130 00, Adresse Lindenstraße 77, 10969 Berlin.",
}
WEB_FORM = {
    "name": "Jorinde Wachtelberg",
    "email": "jorinde.wachtelberg@example.net",
    "subject": "Rückruf an Wachtelberg",
    "message": "Bitte rufen Sie mich an: 0171 5550199. Karte 4111 1111 1111 1111.",
}


def _needles() -> list[str]:
    values = [*PERSONAL.values(), *WEB_FORM.values()]
    # Distinctive fragments too, so a truncated or reformatted value is still caught,
    # and the URL-encoded forms a logged URL would carry.
    values += ["Quellenhof", "Wachtelberg", "98765432", "5550199", "DE89", "4111 1111", "Lindenstraße"]
    return sorted({form for value in values for form in (value, quote(value), quote_plus(value))})


@pytest.fixture
def all_logs():
    """Every record at DEBUG and above, from every logger, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    detached = [
        logger for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    previous = root.level
    root.setLevel(logging.DEBUG)
    for logger in [root, *detached]:
        logger.addHandler(handler)
    yield stream
    for logger in [root, *detached]:
        logger.removeHandler(handler)
    root.setLevel(previous)


def _assert_clean(stream: io.StringIO) -> None:
    output = stream.getvalue()
    leaked = [needle for needle in _needles() if needle in output]
    assert leaked == [], f"personal data in logs: {leaked}"


@pytest.mark.django_db
def test_it_logs_no_personal_data_when_services_write(all_logs, alice, team_a, django_capture_on_commit_callbacks):
    customer = customer_create(
        name=PERSONAL["name"], email=PERSONAL["email"], phone=PERSONAL["phone"], external_id=PERSONAL["external_id"]
    )
    ticket = ticket_create(
        requester=customer, subject=PERSONAL["subject"], body=PERSONAL["body"], channel="email", team=team_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body=f"Hallo {PERSONAL['name']}, erledigt.", is_public=True, author_agent=alice)
    assert len(mail.outbox) == 1
    _assert_clean(all_logs)


@pytest.mark.django_db
def test_it_logs_no_personal_data_from_the_web_form(all_logs, client):
    response = client.post(reverse("helpdesk:web_form"), WEB_FORM)
    assert response.status_code == 302
    rejected = client.post(reverse("helpdesk:web_form"), {**WEB_FORM, "email": "not-an-address " + WEB_FORM["name"]})
    assert rejected.status_code == 400
    _assert_clean(all_logs)


@pytest.mark.django_db
def test_it_logs_no_personal_data_when_agents_look_and_search(all_logs, login, alice, team_a):
    customer = customer_create(name=PERSONAL["name"], email=PERSONAL["email"], phone=PERSONAL["phone"])
    ticket = ticket_create(
        requester=customer, subject=PERSONAL["subject"], body=PERSONAL["body"], channel="web", team=team_a
    )
    client = login(alice)
    assert client.get(ticket.get_absolute_url()).status_code == 200
    assert client.get(customer.get_absolute_url()).status_code == 200
    for query in (PERSONAL["email"], PERSONAL["name"], PERSONAL["phone"]):
        assert client.get(reverse("helpdesk:search"), {"q": query}).status_code == 200
    _assert_clean(all_logs)


@pytest.mark.django_db
def test_it_logs_no_query_string_of_a_failed_request(all_logs, login, alice):
    response = login(alice).get(reverse("helpdesk:search") + "missing/", {"q": PERSONAL["email"]})
    assert response.status_code == 404
    _assert_clean(all_logs)


def test_it_still_catches_a_leak(all_logs):
    """The check itself works: a logged value is found."""
    logging.getLogger("sealdesk.test").info("customer %s", PERSONAL["email"])
    with pytest.raises(AssertionError, match="personal data in logs"):
        _assert_clean(all_logs)
