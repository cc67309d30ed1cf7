"""The bench database itself: created, migrated and loaded on first use, reused afterwards."""

import time

import psycopg
from django.core.management import call_command
from django.db import connection

from bench import dataset, harness_env


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(f"{harness_env.server_url()}/postgres", autocommit=True)


def _exists(name: str) -> bool:
    with _admin_connection() as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate(name: str) -> None:
    connection.close()
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _same_keys() -> bool:
    """The data set was sealed under the KEK in var/bench/keys (a new key file means new keys)."""
    from privacy.crypto.backends import get_backend
    from privacy.crypto.models import KeyEncryptionKey, KeyState

    active = KeyEncryptionKey.objects.filter(state=KeyState.ACTIVE).values_list("key_ref", flat=True).first()
    return active == get_backend().current_key_ref()


def prepare(size: dataset.Size, *, rebuild: bool, log) -> dict:
    """The marker info of a data set of `size` in the bench database, building it if needed."""
    name = harness_env.database_name()
    if not rebuild and _exists(name) and harness_env.keys_present():
        info = dataset.stored(size)
        if info is not None and _same_keys():
            log(f"Reusing data set in database {name} (built {info['built_at']}); applying new migrations.")
            call_command("migrate", verbosity=0, interactive=False)
            return {**info, "reused": True}
    log(f"Building data set in database {name}: {size.tickets:,} tickets, {size.comments:,} comments, "
        f"{size.customers:,} customers ...")
    _recreate(name)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started
    info = dataset.build(size)
    log(f"Data set built in {info['seconds_total']:.1f} s (migrations took {migrate_seconds:.1f} s more).")
    return {**info, "seconds_migrate": round(migrate_seconds, 1), "reused": False}
