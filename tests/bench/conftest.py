import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection, connections

from bench import dataset

ROOT = Path(__file__).resolve().parents[2]

TINY = dataset.Size(tickets=100, comments=500, customers=200, agents=20, teams=2)


POSTGRESQL_FIXTURES = {
    "tiny_dataset": "the benchmark data set loads through COPY",
    "bench_database": "the bench scripts build PostgreSQL databases of their own",
}


def pytest_collection_modifyitems(config, items):
    """The data set loads through PostgreSQL's COPY (bench.harness_copy), and the bench scripts run
    on PostgreSQL databases of their own, as the benchmarks do."""
    for item in items:
        for fixture, reason in POSTGRESQL_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.postgresql(reason))


@pytest.fixture
def tiny_dataset(db, monkeypatch, settings):
    """A tiny data set in the test database, built in this process (forked workers would not
    see the test's open transaction), with the bench app installed as in bench.harness_settings."""
    monkeypatch.setattr(dataset, "WORKERS", 1)
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]  # the twin's relations to Tag, Team, User
    settings.ROOT_URLCONF = "bench.harness_urls"
    return dataset.build(TINY)


@pytest.fixture
def bench_fixtures(tiny_dataset):
    from bench.harness_fixtures import fixtures

    return fixtures()


@pytest.fixture
def script_env(tmp_path):
    """The environment a bench script runs in: its own default settings module (the test run's
    would win otherwise), key files and temporary files under this test's directory."""
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env["SEALDESK_VAR_DIR"] = str(tmp_path / "var")
    env["TMPDIR"] = str(tmp_path)
    return env


@pytest.fixture
def bench_database(script_env, worker_id, django_db_setup, django_db_blocker):
    """A database of its own for one bench script, named after this run's database and xdist
    worker (`sealdesk_x_gw0_crypto_bench`), set as the script's DATABASE_URL, dropped after.

    It starts as a copy of the migrated test database where this run made one and it can be
    copied, which spares the script most of its `migrate`; else it starts empty, or, with
    `create=False`, does not exist until the script makes it."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    made = []

    def make(kind: str, *, create: bool = True) -> str:
        name = f"{parts.path.lstrip('/')}_{worker_id}_{kind}_bench"
        _admin(parts, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create and not _copy_test_database(parts, name, django_db_blocker):
            _admin(parts, f'CREATE DATABASE "{name}"')
        made.append(name)
        script_env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        return name

    yield make
    _admin(parts, *(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in made))


def _copy_test_database(parts, name: str, django_db_blocker) -> bool:
    test_database = connection.settings_dict["NAME"]
    if test_database == parts.path.lstrip("/"):
        return False  # no test in this run asked for a database, so none was made
    with django_db_blocker.unblock():
        connections.close_all()  # a database with sessions open cannot be copied
    try:
        _admin(parts, f'CREATE DATABASE "{name}" TEMPLATE "{test_database}"')
    except psycopg.errors.ObjectInUse:
        return False
    return True


def _admin(parts, *statements: str) -> None:
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def run_script(script: str, *args: str, env: dict) -> str:
    """Runs bench/<script> as `python -m bench` would; returns its standard output."""
    done = _run(script, args, env)
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def script_refusal(script: str, *args: str, env: dict) -> str:
    """Runs bench/<script> expecting it to stop with an error; returns its standard error."""
    done = _run(script, args, env)
    assert done.returncode != 0, done.stdout
    return done.stderr


def _run(script: str, args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [sys.executable, f"bench/{script}", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def figure(pattern: str, text: str) -> float:
    """The number the first group of `pattern` matches in `text` (thousands separators allowed)."""
    match = re.search(pattern, text)
    assert match, f"no line matches {pattern!r} in:\n{text}"
    return float(match.group(1).replace(",", ""))
