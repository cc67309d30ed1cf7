"""SQL fragments for finding sealed values by the DEK their header names, and for long key lists."""

import json

from django.db import connection

from .models import KeyState


def dek_id_sql(column: str) -> str:
    """SQL for the DEK id in a sealed value's header: its 16 bytes on PostgreSQL, hex elsewhere."""
    qn = connection.ops.quote_name(column)
    if connection.vendor == "postgresql":
        return f"substr({qn}, 2, 16)"
    return f"lower(hex(substr({qn}, 2, 16)))"


def dek_key_sql(column: str) -> str:
    """SQL for the DEK id in a sealed value's header in DataKey.id's own type, so that
    `id = ...` is a primary-key lookup (NULL when the value is too short to have a header)."""
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name(column)
        return f"CASE WHEN octet_length({qn}) > 16 THEN CAST(encode({dek_id_sql(column)}, 'hex') AS uuid) END"
    return dek_id_sql(column)


def distinct_keys_sql(table: str, columns: tuple[str, ...]) -> str:
    """SQL for the distinct DEK ids (as `dek_key_sql`, column k) that a table's values name."""
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":  # one pass over the table instead of one per column
        keys = ", ".join(dek_key_sql(column) for column in columns)
        return f"SELECT DISTINCT x.k FROM {qn(table)}, unnest(ARRAY[{keys}]) AS x(k)"  # noqa: S608
    return " UNION ".join(f"SELECT {dek_key_sql(column)} AS k FROM {qn(table)}" for column in columns)  # noqa: S608


def retired_sql(key: str, subject: str | None) -> tuple[str, list]:
    """SQL that is true when the DEK `key` names (as `dek_key_sql` gives it) is retired, and is
    `subject`'s if given. It is a primary-key lookup each time: a filter on DataKey.state would
    let the planner trust statistics that say "no retired keys" before the ANALYZE that follows
    a rotation and "all of them" after it, and either way scan every retired key per row."""
    condition, params = "d.state = %s", [KeyState.RETIRED.value]
    if subject is not None:
        condition, params = condition + " AND d.subject = %s", [*params, subject]
    return f"COALESCE((SELECT {condition} FROM crypto_datakey d WHERE d.id = {key}), false)", params  # noqa: S608


def jit_off(cursor) -> None:
    """For the statements of this transaction: lookups per row have an estimated cost past
    jit_above_cost, and compiling them costs more CPU than running them (tens of ms each)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")


def in_sql(column: str, field, values: list) -> tuple[str, list]:
    """`column IN values` with its one parameter, for Python values of `field` (a key)."""
    keys = [str(field.get_db_prep_value(value, connection)) for value in values]
    return among_sql(column, field), [keys_param(keys)]


def among_sql(column: str, field) -> str:
    """SQL: `column`, of `field`'s type, is one of the keys in the statement's `keys_param`.

    One parameter, not one per key: far cheaper to build and send than thousands of
    placeholders, and SQLite's limit on their number never applies."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::{field.cast_db_type(connection)}[])"
    return f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - a column name, not a value


def keys_param(keys: list[str]) -> str:
    """Keys in the text form the database gives them, as one literal: a PostgreSQL array, or a
    JSON list for SQLite's json_each."""
    if connection.vendor != "postgresql":
        return json.dumps(keys)
    if not keys:
        return "{}"
    joined = "".join(keys)
    if '"' in joined or "\\" in joined:
        keys = [key.replace("\\", "\\\\").replace('"', '\\"') for key in keys]
    return '{"' + '","'.join(keys) + '"}'


def copy_rows(cursor, table: str, columns: list[str], types: list[str], rows) -> None:
    """Binary COPY of many rows into a table (PostgreSQL): no SQL text per row or value."""
    qn = connection.ops.quote_name
    sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN (FORMAT BINARY)"
    with connection.wrap_database_errors, cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)
