"""PostgreSQL connections bind values on the server and prepare repeated statements, unless told not to."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from accounts.models import Team
from config.database import prepared_statement_options

ROOT = Path(__file__).resolve().parents[1]
PRINT_OPTIONS = "import django, json; django.setup(); from django.conf import settings; " \
    "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
POSTGRES = "postgres://sealdesk@db.example:5432/sealdesk"
WITH_TLS = f"{POSTGRES}?sslmode=verify-full&sslrootcert=/etc/ssl/db.pem&options=-c%20statement_timeout%3D5000"
TLS_OPTIONS = {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/db.pem", "options": "-c statement_timeout=5000"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", {"server_side_binding": True, "prepare_threshold": 5}),
        ("0", {"server_side_binding": True, "prepare_threshold": 0}),
        (" 12 ", {"server_side_binding": True, "prepare_threshold": 12}),
        (" OFF ", {}),
    ],
)
def test_the_threshold_sets_binding_and_preparing(raw, expected):
    assert prepared_statement_options(raw) == expected


@pytest.mark.parametrize("raw", ["sometimes", "-1", "1.5", "false", "none"])
def test_anything_but_a_count_or_off_is_refused_with_the_variable_named(raw):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_PREPARE_THRESHOLD must be a whole number"):
        prepared_statement_options(raw)


def _options(**env: str) -> subprocess.CompletedProcess:
    environ = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    environ.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", PRINT_OPTIONS], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("threshold", "added"),
    [("", {"server_side_binding": True, "prepare_threshold": 5}), ("off", {})],
)
def test_the_urls_own_options_such_as_tls_are_kept(threshold, added):
    done = _options(DATABASE_URL=WITH_TLS, DATABASE_PREPARE_THRESHOLD=threshold)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {**TLS_OPTIONS, **added}


def test_a_bad_threshold_stops_the_app_with_its_name():
    done = _options(DATABASE_URL=POSTGRES, DATABASE_PREPARE_THRESHOLD="sometimes")
    assert done.returncode != 0
    expected = "DATABASE_PREPARE_THRESHOLD must be a whole number of runs (0 or more) or off, got 'sometimes'"
    assert expected in done.stderr


def test_sqlite_keeps_its_own_options(tmp_path):
    done = _options(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DATABASE_PREPARE_THRESHOLD="0")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                       "init_command": "PRAGMA journal_mode=WAL;"}


@pytest.mark.postgresql("prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_repeated_query_is_prepared_on_its_connection_and_still_answers_with_new_values():
    names = [f"team {i}" for i in range(8)]
    Team.objects.bulk_create(Team(name=name) for name in names)

    found = [Team.objects.filter(name=name).values_list("name", flat=True).first() for name in names]

    assert found == names  # every run bound its own value, before and after the statement was prepared
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%"accounts_team"%'])
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('WHERE "accounts_team"."name" = $1' in statement for statement in prepared)
