"""Concurrent agents against gunicorn on PostgreSQL: no error, no lost reply (database and access log).

A short run of bench/load/agents.py (the 5-minute, 50-agent figures are in docs/performance.md): the
agents share the test database and keys with a real gunicorn, and the run proves concurrency by
counting the requests in flight at once.
"""

import base64

import pytest
from django.conf import settings
from django.db import connection

from bench.load import agents as load
from helpdesk.services import comment_create

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AGENTS, SECONDS, WORKERS = 16, 20, 2


def _server_env(var_dir) -> dict:
    """gunicorn on the test database with the test's keys; cache and broker in a private folder."""
    for folder in ("queue", "processed", "control"):
        (var_dir / "celery" / folder).mkdir(parents=True)
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": "",
        "SEALDESK_VAR_DIR": str(var_dir),
        "SEALDESK_KMS_BACKEND": "local",
        "SEALDESK_LOCAL_KEK": base64.b64encode(settings.SEALDESK_LOCAL_KEK[0]).decode(),
        "SEALDESK_INDEX_KEY": base64.b64encode(settings.SEALDESK_INDEX_KEY).decode(),
        "SEALDESK_AUDIT_CHAIN_KEY": settings.SEALDESK_AUDIT_CHAIN_KEY,
        "SEALDESK_AUDIT_SIGNING_KEY": settings.SEALDESK_AUDIT_SIGNING_KEY,
    }


@pytest.mark.postgresql("the load run is on PostgreSQL, as in production")
def test_it_answers_every_request_and_loses_no_reply_under_concurrent_agents(tmp_path):
    report = load.run(agents=AGENTS, seconds=SECONDS, workers=WORKERS, tickets=20, server_env=_server_env(tmp_path))

    assert report["errors"] == 0, report["error_kinds"]
    assert report["max_in_flight"] >= AGENTS // 2, report
    assert report["replies_acknowledged"] >= AGENTS, report
    assert (report["missing_in_database"], report["missing_in_access_log"]) == (0, 0), report
    assert set(report["p95_ms_by_action"]) == {"queue", "ticket", "search", "reply"}


def test_its_check_counts_replies_missing_from_the_database_or_the_access_log(ticket, alice, customer):
    logged = comment_create(ticket=ticket, body="Refunded.", is_public=True, author_agent=alice)
    unlogged = comment_create(ticket=ticket, body="Thanks!", is_public=True, author_customer=customer)
    code = str(ticket.pk)

    report = load.lost_writes([(code, str(logged.body)), (code, str(unlogged.body)), (code, "never saved")])

    assert report == {"replies_acknowledged": 3, "missing_in_database": 1, "missing_in_access_log": 1}
