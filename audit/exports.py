"""CSV and JSON renderings of access-log events (ids and labels only: no personal data to escape)."""

import csv
import io
import json

from audit.models import AccessEvent

COLUMNS = (
    "id", "occurred_at", "actor_id", "actor_role", "actor_teams", "action", "target_type", "target_id",
    "customer_id", "fields_shown", "channel", "ip", "country", "city", "user_agent", "request_id",
    "outcome", "result_count", "query_classes", "metadata", "hash",
)
MAX_ROWS = 100_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def event_dict(event: AccessEvent) -> dict:
    row = {name: getattr(event, name) for name in COLUMNS}
    row["occurred_at"] = event.occurred_at.isoformat()
    row["actor_id"] = str(event.actor_id) if event.actor_id else None
    row["ip"] = str(event.ip) if event.ip else None
    return row


def _cell(value) -> str:
    text = json.dumps(value) if isinstance(value, list | dict) else "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(events):
    """Rows as CSV text chunks; cells that a spreadsheet would run as a formula are defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([_cell(v) for v in event_dict(event).values()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def json_lines(events):
    yield "["
    for index, event in enumerate(events):
        yield ("," if index else "") + json.dumps(event_dict(event))
    yield "]"
