"""`bulk_create` through PostgreSQL COPY: the same per-field `pre_save` and `get_db_prep_save`
calls Django's insert compiler makes (so every value is sealed and every index computed exactly
as on `save()`), streamed as rows instead of being spliced into huge INSERT statements."""

from django.db import DEFAULT_DB_ALIAS, connections


def copy_rows(model, objs) -> int:
    """Insert model instances; returns how many."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]  # serial ids: the database numbers them
    # Values first: pre_save may query (the keyring checks for revocations), which cannot happen mid-COPY.
    rows = [[_plain(f.get_db_prep_save(f.pre_save(obj, True), db)) for f in fields] for obj in objs]
    copy_values(model._meta.db_table, [f.column for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
    return len(rows)


def copy_values(table: str, columns: list[str], rows: list) -> None:
    """Insert ready column values (no model instances: the plain twin)."""
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _plain(value):
    """Integer arrays as PostgreSQL array literals: psycopg's list dumper is the slow part otherwise."""
    if isinstance(value, list) and all(type(v) is int for v in value):
        return "{" + ",".join(map(str, value)) + "}"
    return value
