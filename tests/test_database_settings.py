"""PostgreSQL connections bind values on the server and prepare repeated statements, unless told not to."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Team

ROOT = Path(__file__).resolve().parents[1]
PRINT_OPTIONS = "import django, json; django.setup(); from django.conf import settings; " \
    "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
POSTGRES = "postgres://sealdesk@db.example:5432/sealdesk"


def _options(**env: str) -> subprocess.CompletedProcess:
    environ = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    environ.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", PRINT_OPTIONS], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (None, {"server_side_binding": True, "prepare_threshold": 5}),
        ("0", {"server_side_binding": True, "prepare_threshold": 0}),
        ("12", {"server_side_binding": True, "prepare_threshold": 12}),
        (" OFF ", {}),
    ],
)
def test_postgresql_prepares_statements_after_the_threshold(threshold, expected):
    given = {} if threshold is None else {"DATABASE_PREPARE_THRESHOLD": threshold}
    done = _options(DATABASE_URL=POSTGRES, **given)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def test_a_threshold_that_is_not_a_number_stops_the_app_with_its_name():
    done = _options(DATABASE_URL=POSTGRES, DATABASE_PREPARE_THRESHOLD="sometimes")
    assert done.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be an integer, got 'sometimes'" in done.stderr


def test_sqlite_keeps_its_own_options(tmp_path):
    done = _options(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DATABASE_PREPARE_THRESHOLD="0")
    assert done.returncode == 0, done.stderr
    assert "server_side_binding" not in json.loads(done.stdout)


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
