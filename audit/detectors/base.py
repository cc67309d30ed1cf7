"""What every detector shares: its settings, its findings and time windows.

A rule looks at a batch of new events (plain dicts) and the stored log, and returns findings
keyed by a deterministic `dedup_key`, so running it twice over the same events changes nothing.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q

from audit.models import AccessEvent

EVENT_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_role",
    "actor_teams",
    "action",
    "customer_id",
    "outcome",
    "result_count",
    "query_classes",
    "metadata",
    "ip",
    "country",
)
MAX_EVIDENCE = 500


@dataclass
class Finding:
    rule: str
    actor_id: str
    dedup_key: str
    evidence: list[int]
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSettings:
    key: str
    severity: str
    thresholds: dict

    def number(self, name: str) -> float:
        return float(self.thresholds[name])


def window(moment: datetime, minutes: float) -> tuple[int, datetime, datetime]:
    """The fixed (tumbling) window holding `moment`: its number, start and end."""
    seconds = int(minutes * 60)
    number = int(moment.timestamp()) // seconds
    start = datetime.fromtimestamp(number * seconds, tz=UTC)
    return number, start, start + timedelta(seconds=seconds)


def day_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def events_in(actor_id: str, start: datetime, end: datetime, condition: Q | None = None):
    return AccessEvent.objects.filter(condition or Q(), actor_id=actor_id, occurred_at__gte=start, occurred_at__lt=end)


def by_actor(events: list[dict], predicate) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for event in events:
        if event["actor_id"] and predicate(event):
            grouped.setdefault(str(event["actor_id"]), []).append(event)
    return grouped
