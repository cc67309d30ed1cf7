"""The hash chain: each event's HMAC covers its own fields and the previous event's hash.

The HMAC key lives outside the database (audit.conf), so someone who can write the table still
cannot forge a chain that verifies.
"""

import hashlib
import hmac
import json
from datetime import UTC

# Every chained column, in a fixed order. Changing this list breaks every existing chain.
CHAINED_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_role",
    "actor_teams",
    "action",
    "target_type",
    "target_id",
    "customer_id",
    "fields_shown",
    "channel",
    "ip",
    "country",
    "city",
    "user_agent",
    "request_id",
    "outcome",
    "result_count",
    "query_classes",
    "metadata",
)


_TIME = CHAINED_FIELDS.index("occurred_at")
_AS_TEXT = (CHAINED_FIELDS.index("actor_id"), CHAINED_FIELDS.index("ip"))
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical(values) -> bytes:
    """The bytes an event's hash covers: compact JSON of the chained values, in CHAINED_FIELDS order."""
    payload = list(values)
    if len(payload) != len(CHAINED_FIELDS):
        raise ValueError("an event has exactly the chained fields")
    payload[_TIME] = payload[_TIME].astimezone(UTC).isoformat(timespec="microseconds")
    for index in _AS_TEXT:
        if payload[index] is not None:
            payload[index] = str(payload[index])
    return _encode(payload).encode()


def encode_json(value) -> str:
    """One value as canonical() writes it inside the list (compact, keys sorted, UTF-8 as is)."""
    return _encode(value)


def event_hash(key: bytes, prev_hash: str, values) -> str:
    mac = hmac.new(key, prev_hash.encode(), hashlib.sha256)
    mac.update(canonical(values))
    return mac.hexdigest()


def row_values(row: dict) -> list:
    return [row[name] for name in CHAINED_FIELDS]
