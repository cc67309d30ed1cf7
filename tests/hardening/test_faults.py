"""Broken parts: Redis down, the database connection killed mid-request, the KMS unreachable.

The UI and API keep serving (or answer a clear 503 and recover on the next request without a
restart), the access log keeps recording, and owed work resumes once the broker is back.
"""

import socket

import psycopg
import pytest
import requests
from django.core.cache import caches
from django.db import connection, connections
from django.test import override_settings

from accounts.roles import Role
from audit.models import AccessEvent
from config.celery import app as celery_app
from helpdesk.models import EmailDelivery
from helpdesk.tasks import retry_email_deliveries

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"
REDIS_DOWN = {
    "default": {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": CLOSED_PORT_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go to a broker on a closed port instead of running eagerly."""
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT_URL)
    monkeypatch.setattr(celery_app.conf, "broker_transport_options", {"max_retries": 0})
    monkeypatch.setattr(celery_app, "_pool", None)  # connections are made afresh, to the closed port
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def redis_down(broker_down):
    with override_settings(CACHES=REDIS_DOWN):
        caches["default"]  # noqa: B018 - the new backend, built against the closed port
        yield


def test_it_keeps_serving_and_logging_with_redis_down(redis_down, login, alice, ticket, api_client_for, team_a):
    agent = login(alice)
    api = api_client_for(role=Role.AGENT, teams=[team_a])
    before = AccessEvent.objects.count()

    pages = [agent.get(url) for url in ("/tickets/team/", f"/tickets/{ticket.pk}/", "/customers/", "/search/?q=4711")]
    reads = [api.get(url) for url in ("/api/v1/tickets/", f"/api/v1/tickets/{ticket.pk}/")]
    reply = agent.post(f"/tickets/{ticket.pk}/reply/", {"body": "Refunded.", "visibility": "public"})

    assert [response.status_code for response in pages + reads] == [200] * 6
    assert reply.status_code in (200, 302)
    assert ticket.comments.filter(is_public=True, author_agent=alice).count() == 1
    assert AccessEvent.objects.count() >= before + 6


def test_it_keeps_the_web_form_open_with_redis_down(redis_down, client, db):
    form = {"name": "Erika", "email": "erika@example.de", "subject": "Refund", "message": "Please refund."}

    response = client.post("/support/new/", form)

    assert response.status_code == 302


def test_it_sends_a_reply_owed_during_a_broker_outage_once_the_broker_is_back(
    broker_down, login, alice, ticket, monkeypatch, mailoutbox
):
    agent = login(alice)
    response = agent.post(f"/tickets/{ticket.pk}/reply/", {"body": "Refunded.", "visibility": "public"})
    assert response.status_code in (200, 302)
    delivery = EmailDelivery.objects.get(comment__ticket=ticket)
    assert delivery.status == EmailDelivery.Status.PENDING

    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)  # the broker is back
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at.replace(year=2000))
    retry_email_deliveries()

    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert len(mailoutbox) == 1


def _terminate(pid: int) -> None:
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "dbname") if params.get(key)}
    with psycopg.connect(**dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def killed_mid_request(monkeypatch):
    """The next ticket lookup first has its own database connection killed from another one."""
    from helpdesk.api import tickets as api_tickets
    from helpdesk.views import tickets as ui_tickets

    originals = {module: module.ticket_get_for_agent for module in (ui_tickets, api_tickets)}

    def arm():
        for module, original in originals.items():
            def killing(*args, _original=original, **kwargs):
                from django.db import connection as request_connection

                _terminate(request_connection.connection.info.backend_pid)
                return _original(*args, **kwargs)

            monkeypatch.setattr(module, "ticket_get_for_agent", killing)

    def disarm():
        for module, original in originals.items():
            monkeypatch.setattr(module, "ticket_get_for_agent", original)

    return arm, disarm


@pytest.fixture
def browser_and_api(live_server, session_cookie, alice, api_client_for, team_a):
    """Alice's verified browser session and an agent token on her team, as plain HTTP clients."""
    cookie = session_cookie(alice, live_server.url)
    browser = requests.Session()
    browser.cookies.set(cookie["name"], cookie["value"])
    api = requests.Session()
    api.headers["Authorization"] = api_client_for(role=Role.AGENT, teams=[team_a])._credentials["HTTP_AUTHORIZATION"]
    return browser, api


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(monkeypatch):
    """PostgreSQL as during a restart: every open connection of the app is gone and new ones are refused.
    The app's settings point at a closed port, so nothing else on the shared server is touched."""
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "dbname") if params.get(key)}
    port = connections.settings["default"]["PORT"]
    connection.ensure_connection()  # the test's own connection stays, for its teardown

    def stop():
        with psycopg.connect(**dsn, autocommit=True) as other:
            other.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                [connection.connection.info.backend_pid],
            )
        monkeypatch.setitem(connections.settings["default"], "PORT", str(_closed_port()))

    def start():
        connections.settings["default"]["PORT"] = port

    return stop, start


@pytest.mark.postgresql("terminates the database server's connections")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["killed_mid_request", "database_down"])
def test_it_answers_503_while_the_database_fails_and_recovers_without_a_restart(
    request, fault, live_server, browser_and_api, ticket
):
    fail, recover = request.getfixturevalue(fault)
    browser, api = browser_and_api
    page, endpoint = f"{live_server.url}/tickets/{ticket.pk}/", f"{live_server.url}/api/v1/tickets/{ticket.pk}/"

    fail()
    failed = [browser.get(page, timeout=30), api.get(endpoint, timeout=30)]
    recover()
    recovered = [browser.get(page, timeout=30), api.get(endpoint, timeout=30)]

    assert [response.status_code for response in failed] == [503, 503]
    assert failed[1].json()["error"] == "service_unavailable"
    assert all(response.headers["Retry-After"] for response in failed)
    assert [response.status_code for response in recovered] == [200, 200]


def test_it_shows_data_unavailable_on_every_page_when_the_kms_is_unreachable(
    monkeypatch, login, alice, api_client_for, team_a
):
    from privacy.crypto import KmsError
    from privacy.crypto import testing as crypto_testing
    from privacy.crypto.backends.local import LocalBackend
    from tests.hardening.test_authorization_matrix import _side
    from tests.urlwalk import routes

    side = _side(team_a, alice, "kms")
    agent, api = login(alice), api_client_for(role=Role.AGENT, teams=[team_a])
    agent.raise_request_exception = api.raise_request_exception = False

    def unreachable(self, **kwargs):
        raise KmsError("KMS unreachable")

    monkeypatch.setattr(LocalBackend, "unwrap", unreachable)
    crypto_testing.forget_keys()
    walked, errors = 0, []
    for route in routes(side.kwargs)[0]:
        response = (api if route.is_api else agent).get(route.url)
        walked += 1
        if response.status_code >= 500:
            errors.append((route.name, response.status_code))
    ticket_page = agent.get(f"/tickets/{side.ticket.pk}/").content.decode()

    assert walked > 50
    assert errors == []
    assert "data unavailable" in ticket_page.lower()
    assert not any(secret in ticket_page for secret in side.secrets)
