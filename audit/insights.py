"""Which fields each role and team really views and reveals, which data goes unread, and the
suggestions that follow (applied through hooks that masking and retention register)."""

import math
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, FloatField, Max, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from audit import hooks
from audit.models import AccessEvent, Suggestion
from audit.services import DATA_TYPE_KEY, TARGET_AGE_KEY

PERIOD_DAYS = 90
MIN_VIEWS = 20
MIN_SAMPLES = 20
RETENTION_MARGIN_DAYS = 30


def _recent(days: int):
    return AccessEvent.objects.filter(occurred_at__gte=timezone.now() - timedelta(days=days))


def field_usage(*, days: int = PERIOD_DAYS) -> list[dict]:
    """Per role, team, target type and field: how often it was shown and how often revealed."""
    grouped = (
        _recent(days)
        .filter(Q(action__endswith=".view") | Q(action__endswith=".reveal"))
        .values("actor_role", "actor_teams", "action", "target_type", "fields_shown")
        .annotate(n=Count("id"))
    )
    usage: dict[tuple, dict] = defaultdict(lambda: {"views": 0, "reveals": 0})
    for row in grouped:
        kind = "reveals" if row["action"].endswith(".reveal") else "views"
        for team in row["actor_teams"] or [""]:
            for field in row["fields_shown"] or []:
                usage[(row["actor_role"], team, row["target_type"], field)][kind] += row["n"]
    return [
        {"role": role, "team": team, "target_type": target, "field": field, **counts}
        for (role, team, target, field), counts in sorted(usage.items())
    ]


def stale_data_types(*, days: int = PERIOD_DAYS) -> list[dict]:
    """Per data type (passed by callers as metadata), the oldest record anyone opened lately."""
    rows = (
        _recent(days)
        .annotate(data_type=KT(f"metadata__{DATA_TYPE_KEY}"), age=Cast(KT(f"metadata__{TARGET_AGE_KEY}"), FloatField()))
        .filter(data_type__isnull=False, age__isnull=False)
        .values("data_type")
        .annotate(max_age=Max("age"), opened=Count("id"))
        .order_by("data_type")
    )
    return list(rows)


def suggestions_refresh(*, days: int = PERIOD_DAYS) -> int:
    """Turn the insights into open suggestions; existing ones (any state) are never duplicated."""
    drafts = _hide_field_drafts(field_usage(days=days), days) + _retention_drafts(stale_data_types(days=days))
    created = Suggestion.objects.bulk_create(drafts, ignore_conflicts=True)
    return len(created)


def _hide_field_drafts(usage: list[dict], days: int) -> list[Suggestion]:
    by_role: dict[tuple, dict] = defaultdict(lambda: {"views": 0, "reveals": 0})
    revealable = {(u["target_type"], u["field"]) for u in usage if u["reveals"]}
    for row in usage:
        key = (row["role"], row["target_type"], row["field"])
        by_role[key]["views"] += row["views"]
        by_role[key]["reveals"] += row["reveals"]
    return [
        Suggestion(
            kind=hooks.HIDE_FIELD,
            params={"role": role, "target_type": target, "field": field},
            evidence={"views": counts["views"], "reveals": 0, "days": days},
            dedup_key=f"{hooks.HIDE_FIELD}:{role}:{target}:{field}",
        )
        for (role, target, field), counts in by_role.items()
        if (target, field) in revealable and counts["reveals"] == 0 and counts["views"] >= MIN_VIEWS
    ]


def _retention_drafts(stale: list[dict]) -> list[Suggestion]:
    drafts = []
    for row in stale:
        if row["opened"] < MIN_SAMPLES:
            continue
        keep = int(math.ceil((row["max_age"] + RETENTION_MARGIN_DAYS) / 30.0) * 30)
        drafts.append(Suggestion(
            kind=hooks.SHORTEN_RETENTION,
            params={"data_type": row["data_type"], "days": keep},
            evidence={"max_age_days": row["max_age"], "opened": row["opened"]},
            dedup_key=f"{hooks.SHORTEN_RETENTION}:{row['data_type']}:{keep}",
        ))
    return drafts
