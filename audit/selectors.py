"""Reads of the access log for compliance officers and admins; every list is keyset-paginated."""

import uuid

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from audit.models import AccessEvent, Alert, Suggestion

REVIEWER_ROLES = frozenset({"compliance", "admin"})


def may_review(user) -> bool:
    """Compliance officers and admins read the access log; nobody else learns it exists."""
    return bool(user and user.is_authenticated and getattr(user, "role", "") in REVIEWER_ROLES)


def _require_reviewer(user) -> None:
    if not may_review(user):
        raise Http404


def events_filtered(*, user, filters: dict) -> QuerySet:
    """Events matching cleaned filters (see forms.EventFilterForm), newest first."""
    _require_reviewer(user)
    events = AccessEvent.objects.all()
    exact = {"actor": "actor_id", "action": "action", "target_type": "target_type", "target_id": "target_id",
             "customer": "customer_id", "ip": "ip", "outcome": "outcome"}
    for name, column in exact.items():
        if filters.get(name):
            events = events.filter(**{column: filters[name]})
    if filters.get("since"):
        events = events.filter(occurred_at__gte=filters["since"])
    if filters.get("until"):
        events = events.filter(occurred_at__lt=filters["until"])
    if filters.get("classification"):
        events = events.filter(query_classes__contains=filters["classification"])
    if filters.get("before"):
        events = events.filter(id__lt=filters["before"])
    return events.order_by("-id")


def events_page(*, user, filters: dict, size: int = 50) -> tuple[list[AccessEvent], int | None]:
    """One page of events and the cursor of the next page (None on the last)."""
    ids = list(events_filtered(user=user, filters=filters).values_list("id", flat=True)[: size + 1])
    return events_by_id(ids[:size]), ids[size - 1] if len(ids) > size else None


def events_by_id(ids: list[int]) -> list[AccessEvent]:
    """The events of a page found by id, in the order given.

    Pages are found by id first: filtered by customer (and time), that is an index-only scan of
    the covering customer index, however far back the matches lie; the rows then come by key.
    """
    rows = AccessEvent.objects.in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def actors_by_id(ids) -> dict:
    """Users by id for display, in one query."""
    wanted = {i for i in ids if i}
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=wanted)} if wanted else {}


def viewers_of_customer(*, user, customer_id: str) -> list[dict]:
    """Who looked at one customer: per actor, how often and when last."""
    _require_reviewer(user)
    rows = (
        AccessEvent.objects.filter(customer_id=customer_id)
        .values("actor_id", "actor_role")
        .annotate(events=Count("id"), last=Max("occurred_at"))
        .order_by("-last")[:200]
    )
    return list(rows)


def alerts_for_reviewer(*, user, state: str = "") -> QuerySet:
    _require_reviewer(user)
    alerts = Alert.objects.select_related("actor", "state_changed_by")
    return alerts.filter(state=state) if state else alerts


def alert_get_for_reviewer(*, user, alert_id: uuid.UUID) -> Alert:
    alert = alerts_for_reviewer(user=user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def suggestion_get_for_admin(*, user, suggestion_id: uuid.UUID) -> Suggestion:
    if not (user.is_authenticated and getattr(user, "role", "") == "admin"):
        raise Http404
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None:
        raise Http404
    return suggestion
