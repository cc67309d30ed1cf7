"""Retention reads for the screens; objects named in a URL load only through these helpers."""

from django.db.models import QuerySet
from django.http import Http404

from privacy.access import may_see_privacy
from privacy.models import LegalHold, RetentionPolicy, RetentionRun


def _scoped(user, queryset: QuerySet) -> QuerySet:
    return queryset if may_see_privacy(user) else queryset.none()


def policies_for(*, user) -> QuerySet[RetentionPolicy]:
    return _scoped(user, RetentionPolicy.objects.all())


def runs_for(*, user, limit: int = 50) -> QuerySet[RetentionRun]:
    return _scoped(user, RetentionRun.objects.order_by("-created_at"))[:limit]


def holds_active_for(*, user) -> QuerySet[LegalHold]:
    return _scoped(user, LegalHold.objects.filter(released_at=None).select_related("placed_by"))


def _get(queryset: QuerySet, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def policy_get_for_user(*, user, policy_id) -> RetentionPolicy:
    return _get(policies_for(user=user), policy_id)


def run_get_for_user(*, user, run_id) -> RetentionRun:
    return _get(_scoped(user, RetentionRun.objects.all()), run_id)


def hold_get_for_user(*, user, hold_id) -> LegalHold:
    return _get(_scoped(user, LegalHold.objects.all()), hold_id)
