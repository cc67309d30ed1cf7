"""How many stored values each data key protects (a scan of the ciphertext headers)."""

import uuid
from collections import Counter

from django.db import connection

from .registry import encrypted_models
from .sql import dek_id_sql


def _as_uuid(raw) -> uuid.UUID:
    return uuid.UUID(bytes=bytes(raw)) if isinstance(raw, bytes | memoryview) else uuid.UUID(hex=raw)


def values_per_dek() -> Counter:
    counts: Counter = Counter()
    with connection.cursor() as cursor:
        for entry in encrypted_models():
            table = connection.ops.quote_name(entry.table)
            for column in entry.columns:
                key = dek_id_sql(column)
                cursor.execute(
                    f"SELECT {key}, COUNT(*) FROM {table} "  # noqa: S608 - identifiers are quoted names
                    f"WHERE {connection.ops.quote_name(column)} IS NOT NULL GROUP BY {key}"
                )
                for raw, count in cursor.fetchall():
                    counts[_as_uuid(raw)] += count
    return counts
