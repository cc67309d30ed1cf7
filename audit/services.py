"""The one place that writes access-log rows. Called inside services, in their transaction."""

from django.db import models

from audit import context
from audit.models import AccessEvent


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
) -> AccessEvent:
    """Write one event. `metadata` holds ids and counts only; callers never pass personal data."""
    bound = context.current()
    if target is not None:
        target_type, target_id = target._meta.label, str(target.pk)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AccessEvent.objects.create(
        actor_id=actor.pk if authenticated else None,
        actor_role=getattr(actor, "role", "") or "",
        actor_teams=_team_ids(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        fields_shown=list(fields_shown or []),
        channel=channel or (bound.channel if bound else AccessEvent.Channel.COMMAND),
        ip=bound.ip if bound else None,
        user_agent=bound.user_agent if bound else "",
        request_id=bound.request_id if bound else "",
        outcome=outcome,
        result_count=result_count,
        metadata=metadata or {},
    )


def _team_ids(actor) -> list[str]:
    team_ids = getattr(actor, "audit_team_ids", None)
    return list(team_ids()) if callable(team_ids) else []
