"""Proves the access log intact: every hash, every gap, every checkpoint and its signature.

Reports the first problem found, naming the event (sequence number) where the log breaks.
"""

import contextlib
import hmac
import json
import queue
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone

from audit import chain, conf
from audit.checkpoints import signature_valid, trusted_keys
from audit.models import AccessEvent, ChainHead, Checkpoint
from audit.services import PURGE_ACTION


@dataclass
class Problem:
    reason: str
    event_id: int | None = None
    checkpoint: int | None = None

    def __str__(self) -> str:
        where = []
        if self.event_id is not None:
            where.append(f"event {self.event_id}")
        if self.checkpoint is not None:
            where.append(f"checkpoint {self.checkpoint}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


@dataclass
class Report:
    events: int = 0
    checkpoints: int = 0
    first_event: int | None = None
    last_event: int | None = None
    last_hash: str = ""
    rechecked: int = 0  # events whose database-written canonical bytes did not verify, checked again
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_log(*, chunk_size: int = 10_000, max_unsealed_age: timedelta | None = None) -> Report:
    """Check checkpoints, then stream every event in sequence order against the chain.

    With `max_unsealed_age`, events left unsealed longer than that are a problem too: the sealer
    stopped, or someone removed the newest checkpoint (the one window the chain cannot cover).
    """
    report = Report()
    with _one_snapshot():
        checkpoints = list(Checkpoint.objects.order_by("number"))
        report.checkpoints = len(checkpoints)
        problem = _check_checkpoints(checkpoints) or _check_events(report, checkpoints, chunk_size)
        problem = problem or _check_tail(report, checkpoints)
        if not problem and max_unsealed_age is not None:
            problem = _check_freshness(checkpoints, max_age=max_unsealed_age)
    if problem:
        report.problems.append(problem)
    return report


@contextlib.contextmanager
def _one_snapshot():
    """Checkpoints, events and the chain head read in one snapshot, so events appended while verify
    runs are neither half seen nor mistaken for a moved head. Inside a caller's transaction, its own."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _check_checkpoints(checkpoints: list[Checkpoint]) -> Problem | None:
    trusted = trusted_keys()
    previous = None
    for checkpoint in checkpoints:
        expected_number = previous.number + 1 if previous else 1
        if checkpoint.number != expected_number:
            return Problem(f"checkpoint {expected_number} is missing", checkpoint=checkpoint.number)
        if not signature_valid(checkpoint, trusted):
            return Problem("signature invalid or by an untrusted key", checkpoint=checkpoint.number)
        if checkpoint.prev_signature != (previous.signature if previous else ""):
            return Problem("does not link to the previous checkpoint's signature", checkpoint=checkpoint.number)
        expected_from = previous.to_seq + 1 if previous else 1
        if checkpoint.from_seq != expected_from or checkpoint.event_count != checkpoint.to_seq - expected_from + 1:
            return Problem("range does not follow the previous checkpoint", checkpoint=checkpoint.number)
        previous = checkpoint
    return None


def _start(first_id: int, checkpoints: list[Checkpoint]) -> tuple[str, Problem | None]:
    """The hash the first stored event chains onto: empty, or a purged segment's sealed head."""
    if first_id == 1:
        return "", None
    anchor = next((c for c in checkpoints if c.to_seq == first_id - 1), None)
    purged = AccessEvent.objects.filter(action=PURGE_ACTION, metadata__to_seq=first_id - 1).exists()
    if anchor is None or not purged:
        return "", Problem("events before it are missing (not a sealed, recorded purge)", event_id=first_id - 1)
    return anchor.head_hash, None


def _check_events(report: Report, checkpoints: list[Checkpoint], chunk_size: int) -> Problem | None:
    key = conf.chain_key()
    sealed = {c.to_seq: c for c in checkpoints if c.event_count > 0}
    prev_hash, prev_id = "", None
    for event_id, stored, payload in _canonical_rows(chunk_size):
        if prev_id is None:
            prev_hash, problem = _start(event_id, checkpoints)
            if problem:
                return problem
            report.first_event = event_id
        elif event_id != prev_id + 1:
            return Problem(f"missing (log jumps from {prev_id} to {event_id})", event_id=prev_id + 1)
        if payload is None or hmac.digest(key, prev_hash.encode() + payload, "sha256").hex() != stored:
            report.rechecked += 1
            if chain.event_hash(key, prev_hash, _values(event_id)) != stored:
                return Problem("hash does not match its content and predecessor", event_id=event_id)
        seal = sealed.get(event_id)
        if seal is not None and seal.head_hash != stored:
            return Problem("differs from the sealed head", event_id=event_id, checkpoint=seal.number)
        prev_hash, prev_id = stored, event_id
        report.events += 1
    report.last_event, report.last_hash = prev_id, prev_hash
    return None


def _values(event_id: int) -> list:
    """One event's chained values as Python objects, the way the recorder hashed them."""
    return list(AccessEvent.objects.filter(id=event_id).values_list(*chain.CHAINED_FIELDS).get())


def _canonical_rows(chunk_size: int):
    """(id, stored hash, the bytes its hash covers) per event, in sequence order.

    On PostgreSQL the database writes each event's canonical JSON (chain.canonical) itself, except
    the JSON columns, which Python re-encodes from their text (memoized: teams, fields and most
    metadata repeat). Hashing is then a join and an HMAC per row, and a thread fetches the next
    chunk while this one is hashed. The bytes only have to match for intact events: any event whose
    fast bytes do not verify is checked again from its values (`_values`), so an encoding
    difference costs time, never a false alarm, and a tampered event fails both ways.
    """
    if connection.vendor != "postgresql":
        rows = AccessEvent.objects.order_by("id").values_list("id", "hash", *chain.CHAINED_FIELDS)
        for event_id, stored, *values in rows.iterator(chunk_size=chunk_size):
            yield event_id, stored, chain.canonical(values)
        return
    sql, json_parts = _canonical_sql()
    encode_json = _JSONMemo()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        for event_id, stored, *parts in _prefetched(cursor.cursor, chunk_size):
            if None in parts:
                yield event_id, stored, None
                continue
            for index in json_parts:
                parts[index] = encode_json(parts[index])
            yield event_id, stored, "".join(parts).encode()


@lru_cache(maxsize=1)
def _canonical_sql() -> tuple[str, tuple[int, ...]]:
    """SELECT id, hash, then text pieces that join into chain.canonical(values): runs of plain
    columns rendered as JSON by PostgreSQL, and each JSON column as its text (indexes returned)."""
    fields = {f.name: f for f in AccessEvent._meta.concrete_fields}
    pieces, run, json_parts = [], ["'['"], []
    for position, name in enumerate(chain.CHAINED_FIELDS):
        if position:
            run.append("','")
        column, kind = connection.ops.quote_name(fields[name].column), fields[name].get_internal_type()
        if kind == "JSONField":
            pieces.append(" || ".join(run))
            json_parts.append(len(pieces))
            pieces.append(f"{column}::text")
            run = []
        elif kind == "DateTimeField":
            run.append(f"""to_json(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'))::text""")
        elif kind == "GenericIPAddressField":  # abbrev(): inet's output form, no /32 on a host
            run.append(f"COALESCE(to_json(abbrev({column}))::text, 'null')")
        elif kind in ("CharField", "UUIDField"):
            run.append(f"COALESCE(to_json({column}::text)::text, 'null')")
        else:
            run.append(f"COALESCE({column}::text, 'null')")
    pieces.append(" || ".join([*run, "']'"]))
    columns = ", ".join(f"({piece})" for piece in pieces)
    return f"SELECT id, hash, {columns} FROM audit_accessevent ORDER BY id", tuple(json_parts)  # noqa: S608


class _JSONMemo:
    """JSON text as PostgreSQL returns it -> the compact, key-sorted text chain.canonical writes."""

    LIMIT = 100_000

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        encoded = self.known.get(text)
        if encoded is None:
            if len(self.known) >= self.LIMIT:
                self.known.clear()
            encoded = self.known[text] = chain.encode_json(json.loads(text))
        return encoded


def _prefetched(cursor, chunk_size: int):
    """Rows of `cursor`, fetched a chunk ahead by a thread so the database works while we hash."""
    batches: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            while not stop.is_set():
                batch = cursor.fetchmany(chunk_size)
                _put(batches, stop, batch)
                if not batch:
                    return
        except Exception as error:  # noqa: BLE001 (raised again in the reading thread)
            _put(batches, stop, error)

    fetcher = threading.Thread(target=fetch, name="audit-verify-fetch", daemon=True)
    fetcher.start()
    try:
        while batch := batches.get():
            if isinstance(batch, Exception):
                raise batch
            yield from batch
    finally:
        stop.set()
        while fetcher.is_alive():
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.05)
        fetcher.join()


def _put(batches: queue.Queue, stop: threading.Event, item) -> None:
    while not stop.is_set():
        with contextlib.suppress(queue.Full):
            batches.put(item, timeout=0.05)
            return


def _check_tail(report: Report, checkpoints: list[Checkpoint]) -> Problem | None:
    last = report.last_event or 0
    sealed_to = max((c.to_seq for c in checkpoints), default=0)
    if sealed_to > last:
        number = next(c.number for c in checkpoints if c.to_seq == sealed_to)
        return Problem(f"missing: checkpoint seals up to {sealed_to}", event_id=last + 1, checkpoint=number)
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last or head.hash != report.last_hash):
        return Problem(f"missing: the chain head is at {head.seq}", event_id=min(last, head.seq) + 1)
    return None


def _check_freshness(checkpoints: list[Checkpoint], *, max_age: timedelta) -> Problem | None:
    sealed_to = checkpoints[-1].to_seq if checkpoints else 0
    oldest = AccessEvent.objects.filter(id__gt=sealed_to).order_by("id").values_list("id", "occurred_at").first()
    if oldest and oldest[1] < timezone.now() - max_age:
        return Problem(f"unsealed for longer than {max_age}: the sealer stopped or a checkpoint was removed",
                       event_id=oldest[0])
    return None
