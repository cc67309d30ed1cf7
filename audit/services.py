"""The one place that writes access-log rows. Called inside services, in their transaction.

A failure to record raises, so the caller's transaction (and its action) fails with it.
"""

import ipaddress
import json
import threading
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import chain, conf, context, geo, hooks
from audit.classify import classify
from audit.models import AccessEvent, Alert, ChainHead, Checkpoint, EventSecret

PURGE_ACTION = "audit.segment_purge"
MOVE_HEAD = "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1 AND seq = %s AND hash = %s RETURNING 1"

# Metadata keys other apps pass so detectors and filters work without reading their models.
CUSTOMER_KEY = "customer_id"
TARGET_TEAM_KEY = "target_team_id"
TARGET_AGE_KEY = "target_age_days"
DATA_TYPE_KEY = "data_type"


def record_event(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    fields_shown: list[str] | None = None,
    channel: str | None = None,
    outcome: str = AccessEvent.Outcome.ALLOWED,
    result_count: int | None = None,
    metadata: dict | None = None,
    query: str | None = None,
    reason: str | None = None,
) -> AccessEvent:
    """Append one event to the chain.

    `metadata` holds ids and counts only; callers never pass personal data. A search passes its
    `query` and a reveal its `reason`: both are stored encrypted beside the event, and only the
    query's classification goes into the event itself.
    """
    if target is not None:
        target_type, target_id = target._meta.label, str(target.pk)
    metadata = _json_safe(metadata or {})
    row = _event_row(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=str(target_id or ""),
        fields_shown=[str(f) for f in fields_shown or []],
        channel=channel,
        outcome=outcome,
        result_count=result_count,
        metadata=metadata,
        query_classes=",".join(classify(query)) if query else "",
    )
    relax = not connection.in_atomic_block
    if query is None and reason is None:
        return _append(row, relax_commit=relax)
    with transaction.atomic(savepoint=False):
        event = _append(row, relax_commit=relax)
        EventSecret.objects.create(event=event, query=query, reason=reason)
    return event


def _event_row(*, actor, channel, metadata, target_type, **fields) -> dict:
    bound = context.current()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    ip = _normalized_ip(bound.ip if bound else None)
    country, city = geo.locate(ip)
    customer_id = metadata.get(CUSTOMER_KEY, "")
    if target_type.endswith(".Customer") and not customer_id:
        customer_id = fields["target_id"]
    return {
        **fields,
        "target_type": target_type,
        "metadata": metadata,
        "actor_id": str(actor.pk) if authenticated else None,
        "actor_role": getattr(actor, "role", "") or "",
        "actor_teams": _team_ids(actor),
        "customer_id": str(customer_id)[:64],
        "channel": channel or (bound.channel if bound else AccessEvent.Channel.COMMAND),
        "ip": ip,
        "country": country,
        "city": city,
        "user_agent": _clean_text(bound.user_agent if bound else "", 400),
        "request_id": _clean_text(bound.request_id if bound else "", 32),
    }


def _append(row: dict, *, relax_commit: bool = False) -> AccessEvent:
    """Hash the row onto the chain head and insert it with the next sequence number.

    Compare-and-set: hash the row onto the head this thread last saw (or read it), then move the
    head and insert the event in one statement that succeeds only if the head (sequence number
    and hash) is still that one. The same statement answers the head it found, so an append that
    lost to a committed one tries once more on that head without another query; one that lost to
    an append still in progress, or twice, appends under the head's row lock, so a busy writer
    never starves. Either way the head moves with the event or not at all.

    With `relax_commit` (a read's event, its request's only write) the commit skips the disk flush:
    PostgreSQL keeps the order, and a database crash may lose the last fraction of a second of reads,
    never a chain link.
    """
    if connection.vendor != "postgresql":
        with transaction.atomic(savepoint=False):
            return _append_to(_head(lock=True), row, relax_commit=False)[0]
    head = _last_seen.__dict__.get(connection.alias) or _head(lock=False)
    for _attempt in range(2):
        event, head = _append_to(head, row, relax_commit=relax_commit)
        if event is not None or head is None:
            break
    if event is None:
        with transaction.atomic(savepoint=False):
            event = _append_to(_head(lock=True), row, relax_commit=relax_commit)[0]
        if event is None:
            raise DatabaseError("the access-log chain head moved while locked")
    _last_seen.__dict__[connection.alias] = (event.id, event.hash)
    return event


# The head each thread last appended onto, per database: a hint that saves reading the head when
# no other process appended since (a wrong hint costs one statement that changes nothing).
_last_seen = threading.local()


def _head(*, lock: bool) -> tuple[int, str]:
    """The chain head's (seq, hash); created empty on the first append."""
    sql = "SELECT seq, hash FROM audit_chainhead WHERE id = 1"
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        found = cursor.fetchone()
        if found is None:
            ChainHead.objects.bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
            cursor.execute(sql)
            found = cursor.fetchone()
    return tuple(found)


def _append_to(head: tuple[int, str], row: dict, *, relax_commit: bool):
    """Insert the row as event seq + 1 if the head is still exactly `head`.

    Returns (event, None) on success; else (None, the committed head the statement saw), or
    (None, None) when that is `head` itself (an append not yet committed holds it) or missing.
    """
    seq, prev_hash = head
    row["id"], row["occurred_at"] = seq + 1, timezone.now()  # taken after the head: times rise with ids
    event = AccessEvent(hash=chain.event_hash(conf.chain_key(), prev_hash, chain.row_values(row)), **row)
    if connection.vendor != "postgresql":
        if not ChainHead.objects.filter(pk=1, seq=seq, hash=prev_hash).update(seq=event.id, hash=event.hash):
            return None, None  # pragma: no cover (SQLite serializes writers: the head cannot move under the lock)
        event.save(force_insert=True)
        return event, None
    db = connections[connection.alias]  # the wrapper itself: the proxy would look it up for every field
    values = [
        getattr(event, attname) if field is None else field.get_db_prep_save(getattr(event, attname), db)
        for attname, field in _columns()
    ]
    with db.cursor() as cursor:
        cursor.execute(_cas_insert_sql(relax_commit), [event.id, event.hash, seq, prev_hash, *values])
        found = cursor.fetchone()
    if found is not None and found[0] == 1:
        event._state.adding, event._state.db = False, connection.alias
        return event, None
    seen = None if found is None else (found[1], found[2])
    return None, (None if seen == (seq, prev_hash) else seen)


@lru_cache(maxsize=1)
def _columns() -> list[tuple[str, models.Field | None]]:
    """Each column's attribute, with the field whose conversion its value needs (JSON, time, UUID,
    address), or None for text and numbers, which the driver takes as they are."""
    as_is = (models.CharField, models.IntegerField)
    return [(f.attname, None if isinstance(f, as_is) else f) for f in AccessEvent._meta.concrete_fields]


@lru_cache(maxsize=2)
def _cas_insert_sql(relax_commit: bool) -> str:
    """Move the head from (seq, hash) to the new event and insert it, in one statement: the insert
    reads the updated head row, so nothing is inserted when the head has moved. The statement
    answers whether it inserted and the head as it was when the statement began."""
    fields = AccessEvent._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    relaxed = " CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed" if relax_commit else ""
    insert = f"INSERT INTO audit_accessevent ({columns}) SELECT {placeholders} FROM moved{relaxed} RETURNING 1"  # noqa: S608
    answer = "SELECT (SELECT count(*) FROM inserted), seq, hash FROM audit_chainhead WHERE id = 1"
    return f"WITH moved AS ({MOVE_HEAD}), inserted AS ({insert}) {answer}"  # noqa: S608


def _json_safe(metadata: dict) -> dict:
    """Round-trip through JSON so the hashed value equals what the database hands back."""
    return json.loads(json.dumps(metadata, cls=DjangoJSONEncoder).replace("\\u0000", ""))


def _normalized_ip(raw: str | None) -> str | None:
    try:
        address = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def _clean_text(value: str, limit: int) -> str:
    return "".join(ch for ch in value if ch.isprintable())[:limit]


def _team_ids(actor) -> list[str]:
    team_ids = getattr(actor, "audit_team_ids", None)
    return [str(t) for t in team_ids()] if callable(team_ids) else []


def segments_purge(*, before, actor=None) -> int:
    """Delete the oldest events older than `before`, only as whole sealed segments.

    The purge is itself an event, chained before the rows go, so `audit verify` can tell a
    recorded purge from a deletion. Checkpoints stay. Returns the number of events removed.
    """
    with transaction.atomic():
        first = AccessEvent.objects.order_by("id").values_list("id", flat=True).first()
        newest_old = AccessEvent.objects.filter(occurred_at__lt=before).order_by("-id").values_list("id", flat=True)
        newest_old = newest_old.first()
        if first is None or newest_old is None:
            return 0
        seal = Checkpoint.objects.filter(event_count__gt=0, to_seq__lte=newest_old, to_seq__gte=first).first()
        if seal is None:
            return 0
        record_event(action=PURGE_ACTION, actor=actor, metadata={"from_seq": first, "to_seq": seal.to_seq})
        _allow_purge_in_this_transaction()
        EventSecret.objects.filter(event_id__lte=seal.to_seq).delete()
        deleted, _ = AccessEvent.objects.filter(id__lte=seal.to_seq).delete()
    return deleted


def _allow_purge_in_this_transaction() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('sealdesk.audit_purge', 'on', true)")


def alert_opened(*, finding, severity: str, actor_known: bool = True):
    """Store a detector's finding as an open alert and notify compliance officers after commit."""
    from audit import tasks  # tasks call services: import late to avoid a cycle

    alert = Alert.objects.create(
        rule=finding.rule,
        severity=severity,
        actor_id=finding.actor_id if actor_known else None,
        dedup_key=finding.dedup_key,
        details={**finding.details, "actor_id": finding.actor_id},
        evidence=finding.evidence,
    )
    transaction.on_commit(lambda: tasks.alert_notify.delay(str(alert.pk)), robust=True)
    return alert


def alert_acknowledge(*, alert, actor):
    return _alert_set_state(alert=alert, actor=actor, state="acknowledged", reason="")


def alert_dismiss(*, alert, actor, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this alert is dismissed.")})
    return _alert_set_state(alert=alert, actor=actor, state="dismissed", reason=reason)


def _alert_set_state(*, alert, actor, state: str, reason: str):
    with transaction.atomic():
        alert.state, alert.state_reason = state, reason[:2000]
        alert.state_changed_by, alert.state_changed_at = actor, timezone.now()
        alert.save(update_fields=["state", "state_reason", "state_changed_by", "state_changed_at"])
        record_event(action=f"alert.{state}", actor=actor, target=alert)
    return alert


def detection_rule_update(*, rule, actor, enabled: bool, severity: str, thresholds: dict):
    """Change a detector's settings; unknown threshold names are refused, numbers must be positive."""
    from audit.detectors import DEFAULTS  # detectors read services' metadata keys

    defaults = DEFAULTS[rule.key][1]
    unknown = set(thresholds) - set(defaults)
    bad = [k for k, v in thresholds.items() if isinstance(defaults.get(k), int | float) and not _positive(v)]
    if unknown or bad:
        names = ", ".join(sorted(unknown | set(bad)))
        raise ValidationError({"thresholds": _("Unknown or non-positive thresholds: %(names)s") % {"names": names}})
    with transaction.atomic():
        rule.enabled, rule.severity, rule.thresholds = enabled, severity, thresholds
        rule.save(update_fields=["enabled", "severity", "thresholds", "updated_at"])
        record_event(action="detection_rule.update", actor=actor, target=rule, fields_shown=sorted(thresholds))
    return rule


def _positive(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def suggestion_apply(*, suggestion, actor):
    """Apply through the hook another app registered for this kind; the hook does the change."""
    with transaction.atomic():
        hooks.apply(suggestion.kind, params=suggestion.params, actor=actor)
        _suggestion_decide(suggestion=suggestion, actor=actor, state="applied")
    return suggestion


def suggestion_dismiss(*, suggestion, actor):
    with transaction.atomic():
        _suggestion_decide(suggestion=suggestion, actor=actor, state="dismissed")
    return suggestion


def _suggestion_decide(*, suggestion, actor, state: str) -> None:
    suggestion.state, suggestion.decided_by, suggestion.decided_at = state, actor, timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    record_event(action=f"suggestion.{state}", actor=actor, target=suggestion, metadata={"kind": suggestion.kind})
