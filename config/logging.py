"""JSON log lines. Messages name ids and counts, never personal data."""

import json
import logging
from datetime import UTC, datetime

from audit.context import current_request_id

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            entry["request_id"] = request_id
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        entry.update({k: v for k, v in extras.items() if k != "request"})
        request = getattr(record, "request", None)
        if request is not None:
            # The path only: a query string (e.g. ?q= of a search) may carry personal data.
            entry["method"], entry["path"] = getattr(request, "method", ""), getattr(request, "path", "")
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(entry, default=str)
