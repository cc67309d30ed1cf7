"""The database of a bench script that drops, rebuilds or empties it: the guard each runs first,
and the statements that make the database on its server."""

import sys

import psycopg
from django.db import connection
from psycopg import sql


def require_own_database(kind: str, what_it_does: str) -> None:
    """Exit with a one-line error unless the database's name ends in ``{kind}_bench``.

    A DATABASE_URL exported for `make run` or left pointing at a real database must never reach a
    script that would drop or empty it.
    """
    suffix = f"{kind}_bench"
    if not connection.settings_dict["NAME"].endswith(suffix):
        sys.exit(f"Run against its own database (a name ending in {suffix}), which it {what_it_does}: "
                 f"DATABASE_URL=postgres://.../sealdesk_{suffix}")


def create_if_missing() -> None:
    """Create the script's database on its server when it does not exist yet (a first run)."""
    name = connection.settings_dict["NAME"]
    with _server() as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def recreate() -> None:
    """Drop the script's database, with any session still open on it, and create it empty."""
    name = sql.Identifier(connection.settings_dict["NAME"])
    connection.close()
    with _server() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _server() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None, password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )
