"""Fresh chain and signing keys per test, and helpers to write events as a given actor."""

import base64
import os

import pytest
from django.db import connection


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture(autouse=True)
def audit_keys(settings):
    settings.SEALDESK_AUDIT_CHAIN_KEY = _key()
    settings.SEALDESK_AUDIT_SIGNING_KEY = _key()
    settings.SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS = ""
    settings.SEALDESK_GEOIP_DATABASE = ""
    return settings


@pytest.fixture
def tamper():
    """Run raw SQL as an attacker with full database rights (triggers off for this transaction)."""

    def _run(sql: str, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    return _run
