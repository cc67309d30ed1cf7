"""The test database as a DATABASE_URL, for a subprocess that must work on the same data."""

from django.db import connection


def database_url() -> str:
    """The test database the current connection uses (SQLite: a file; see config.settings_test)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
