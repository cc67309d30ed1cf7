"""The cast every view and API test uses: two teams, each role, and a customer."""

import hashlib
import time
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import api_token_create, team_create, user_create
from helpdesk.services import customer_create, ticket_create
from privacy.crypto import testing as crypto_testing

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(trylast=True)  # after conftests that add the marker themselves (tests/bench)
def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgresql("reason")`: the test needs PostgreSQL; on any other database it is skipped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("postgresql")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {marker.args[0]}"))


@pytest.fixture(scope="session", autouse=True)
def _no_sqlite_leftovers():
    """The SQLite test database is dropped while a thread may still hold it open: its WAL stays behind."""
    yield
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and database.get("TEST", {}).get("NAME"):
        for suffix in ("-wal", "-shm"):
            Path(database["TEST"]["NAME"] + suffix).unlink(missing_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _ephemeral_keys():
    """A throwaway KEK and index key for the whole run; nothing touches var/keys."""
    keys = crypto_testing.ephemeral_keys()
    keys.enable()
    yield
    keys.disable()


@pytest.fixture(autouse=True)
def _fresh_key_memory():
    """Cached data keys would outlive the rows rolled back between tests."""
    crypto_testing.forget_keys()
    yield
    crypto_testing.forget_keys()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache (policy, rate limits) would outlive the rows rolled back between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _attachment_root(settings, tmp_path):
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


@pytest.fixture
def team_a(db):
    return team_create(name="Team A")


@pytest.fixture
def team_b(db):
    return team_create(name="Team B")


def _staff(email: str, role: str, teams=()) -> object:
    return user_create(email=email, full_name=email.split("@")[0].title(), role=role, password=PASSWORD, teams=teams)


@pytest.fixture
def alice(team_a):
    """An agent on team A."""
    return _staff("alice@sealdesk.test", Role.AGENT, [team_a])


@pytest.fixture
def bob(team_a):
    """Alice's colleague on team A."""
    return _staff("bob@sealdesk.test", Role.AGENT, [team_a])


@pytest.fixture
def charlie(team_b):
    """An outsider: an agent on team B only."""
    return _staff("charlie@sealdesk.test", Role.AGENT, [team_b])


@pytest.fixture
def senior(team_a):
    return _staff("senior@sealdesk.test", Role.SENIOR_AGENT, [team_a])


@pytest.fixture
def light(team_a):
    """A light agent on team A: reads and writes internal notes only."""
    return _staff("light@sealdesk.test", Role.LIGHT_AGENT, [team_a])


@pytest.fixture
def admin_user(db):
    return _staff("admin@sealdesk.test", Role.ADMIN)


@pytest.fixture
def compliance(db):
    return _staff("compliance@sealdesk.test", Role.COMPLIANCE)


@pytest.fixture
def customer(db):
    return customer_create(name="Erika Mustermann", email="erika@example.de", phone="+49 30 1234567")


@pytest.fixture
def ticket(customer, team_a):
    """A ticket of team A, opened by the customer by e-mail."""
    return ticket_create(
        requester=customer,
        subject="Refund for order 4711",
        body="Hello, please refund order 4711. Erika",
        channel="email",
        team=team_a,
    )


@pytest.fixture
def login(client):
    """A client signed in like a real user: password and second factor just proven (a TOTP device is
    made if needed), so the session is tracked and in sudo mode for SEALDESK_SUDO_MINUTES."""

    def _login(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.models import UserSession
        from accounts.sessions import SESSION_ROW_KEY
        from accounts.sudo import SUDO_SESSION_KEY

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        key_hash = hashlib.sha256(session.session_key.encode()).hexdigest()
        tracked, _ = UserSession.objects.update_or_create(key_hash=key_hash, defaults={"user": user})
        session[SESSION_ROW_KEY] = str(tracked.pk)
        session[SUDO_SESSION_KEY] = time.time() + settings.SEALDESK_SUDO_MINUTES * 60
        session.save()
        return client

    return _login


@pytest.fixture
def api_client_for(admin_user):
    """An API client authenticated by a fresh bearer token bound to a role and teams."""

    def _client(role: str = Role.AGENT, teams=(), scopes=None):
        from accounts.models import ApiToken

        _, raw_key = api_token_create(
            name=f"{role} integration",
            role=role,
            scopes=scopes if scopes is not None else list(ApiToken.Scope.values),
            teams=teams,
            actor=admin_user,
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
        return client

    return _client
