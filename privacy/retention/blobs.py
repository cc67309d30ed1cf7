"""Crash-safe file deletion: tombstone in the row's transaction, unlink after commit, then clear.

A crash before commit keeps row and file; after commit the tombstone survives until the file is
gone, and `tombstones_flush` (after every batch and from the sweeper) finishes the job. The
sweeper also removes files no row and no tombstone names, once they are old enough not to be an
upload still in flight.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import transaction

from privacy.models import BlobTombstone
from privacy.retention.declarations import blob_stores, subject_data_for

logger = logging.getLogger(__name__)

ORPHAN_MIN_AGE_SECONDS = 3600
FLUSH_BATCH = 1000
UNLINK_THREADS = 8
"""Unlinking waits on the file system's journal, not the CPU: a few at once overlap those waits."""


def tombstones_add(*, store: str, names: list[str]) -> None:
    names = [name for name in names if name]
    BlobTombstone.objects.bulk_create(
        [BlobTombstone(store=store, name=name) for name in names], ignore_conflicts=True, batch_size=FLUSH_BATCH
    )


def tombstones_flush() -> int:
    """Unlink every tombstoned file, then forget its tombstone. Safe to run anywhere, any time."""
    stores = blob_stores()
    removed = 0
    with ThreadPoolExecutor(max_workers=UNLINK_THREADS) as pool:
        while True:
            batch = list(BlobTombstone.objects.order_by("id")[:FLUSH_BATCH].values_list("id", "store", "name"))
            if not batch:
                return removed
            list(pool.map(lambda rows: [stores[store].delete(name) for _, store, name in rows], _slices(batch)))
            BlobTombstone.objects.filter(id__in=[row[0] for row in batch]).delete()
            removed += len(batch)


def orphans_sweep(*, min_age_seconds: int = ORPHAN_MIN_AGE_SECONDS) -> int:
    """Remove files that no row names (left by a crash between file write and row insert)."""
    tombstones_flush()
    removed = 0
    cutoff = time.time() - min_age_seconds
    for declaration in _file_declarations():
        store = declaration.blob_store
        for names in _chunks((name for name, mtime in store.names() if mtime < cutoff), FLUSH_BATCH):
            known = set(
                declaration.model._default_manager.filter(**{f"{declaration.blob_field}__in": names}).values_list(
                    declaration.blob_field, flat=True
                )
            )
            for name in set(names) - known:
                store.delete(name)
                removed += 1
    if removed:
        logger.warning("removed orphan files", extra={"count": removed})
    return removed


def flush_after_commit() -> None:
    transaction.on_commit(tombstones_flush)


def _file_declarations() -> list:
    from privacy.registry import declarations

    found = [subject_data_for(d.model) for d in declarations()]
    return [d for d in found if d.blob_store is not None]


def _slices(rows: list) -> list[list]:
    return [rows[start::UNLINK_THREADS] for start in range(UNLINK_THREADS)]


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
