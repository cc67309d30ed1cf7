"""Proves the access log intact: every hash, every gap, every checkpoint and its signature.

Reports the first problem found, naming the event (sequence number) where the log breaks.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
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
    checkpoints = list(Checkpoint.objects.order_by("number"))
    report.checkpoints = len(checkpoints)
    problem = _check_checkpoints(checkpoints) or _check_events(report, checkpoints, chunk_size)
    problem = problem or _check_tail(report, checkpoints)
    if not problem and max_unsealed_age is not None:
        problem = _check_freshness(checkpoints, max_unsealed_age)
    if problem:
        report.problems.append(problem)
    return report


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


def _rows(chunk_size: int):
    """Events in sequence order as raw tuples; skips the ORM's per-field converters on the hot path."""
    queryset = AccessEvent.objects.order_by("id").values_list(*chain.CHAINED_FIELDS, "hash")
    if connection.vendor != "postgresql":
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    json_columns = [chain.CHAINED_FIELDS.index(n) for n in ("actor_teams", "fields_shown", "metadata")]
    sql, params = queryset.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk_size):
            for raw in batch:
                row = list(raw)
                for index in json_columns:
                    if isinstance(row[index], str):
                        row[index] = json.loads(row[index])
                yield row


def _check_events(report: Report, checkpoints: list[Checkpoint], chunk_size: int) -> Problem | None:
    key = conf.chain_key()
    sealed = {c.to_seq: c for c in checkpoints if c.event_count > 0}
    prev_hash, prev_id = "", None
    for row in _rows(chunk_size):
        event_id, stored = row[0], row[-1]
        if prev_id is None:
            prev_hash, problem = _start(event_id, checkpoints)
            if problem:
                return problem
            report.first_event = event_id
        elif event_id != prev_id + 1:
            return Problem(f"missing (log jumps from {prev_id} to {event_id})", event_id=prev_id + 1)
        if chain.event_hash(key, prev_hash, row[:-1]) != stored:
            return Problem("hash does not match its content and predecessor", event_id=event_id)
        seal = sealed.get(event_id)
        if seal is not None and seal.head_hash != stored:
            return Problem("differs from the sealed head", event_id=event_id, checkpoint=seal.number)
        prev_hash, prev_id = stored, event_id
        report.events += 1
    report.last_event, report.last_hash = prev_id, prev_hash
    return None


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


def _check_freshness(checkpoints: list[Checkpoint], max_age: timedelta) -> Problem | None:
    sealed_to = checkpoints[-1].to_seq if checkpoints else 0
    oldest = AccessEvent.objects.filter(id__gt=sealed_to).order_by("id").values_list("id", "occurred_at").first()
    if oldest and oldest[1] < timezone.now() - max_age:
        return Problem(f"unsealed for longer than {max_age}: the sealer stopped or a checkpoint was removed",
                       event_id=oldest[0])
    return None
