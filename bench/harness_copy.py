"""`bulk_create` through PostgreSQL COPY: the same per-field `pre_save` and `get_db_prep_save`
calls Django's insert compiler makes (so every value is sealed and every index computed exactly
as on `save()`), streamed as rows instead of being spliced into huge INSERT statements.

Rows travel in COPY's binary format, typed by the table's own column types: the server then
neither parses hex-escaped ciphertexts nor array literals (a binary COPY of 50k comment-sized
rows took 0.4 s of server CPU against 1.0 s as text, and 0.45 s of Python against 0.65 s).
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connections


def copy_rows(model, objs) -> int:
    """Insert model instances; returns how many."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]  # serial ids: the database numbers them
    # Values first: pre_save may query (the keyring checks for revocations), which cannot happen mid-COPY.
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields] for obj in objs]
    copy_values(model._meta.db_table, [f.column for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
    return len(rows)


def copy_values(table: str, columns: list[str], rows: list) -> None:
    """Insert ready column values (no model instances: the plain twin)."""
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN (FORMAT BINARY)"
    types = _column_types(table, tuple(columns))
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


@functools.cache
def _column_types(table: str, columns: tuple[str, ...]) -> list[int]:
    """The type OIDs of the columns, in order (binary COPY needs each value's exact type)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [table],
        )
        by_name = dict(cursor.fetchall())
    return [by_name[column] for column in columns]
