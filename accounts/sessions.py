"""Tracked browser sessions: idle and absolute timeouts, and ending a session from elsewhere.

A row per signed-in session; its id lives in the session itself. A session that carries an id
whose row is gone was ended (by its user, an admin or a deactivation) and is signed out. The
row's times are mirrored in the cache so a request costs no query; ending a session clears both.
"""

import hashlib
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import User, UserSession
from audit.services import record_event

SESSION_ROW_KEY = "_sd_session_row"
TOUCH_RESOLUTION = timedelta(seconds=30)
CACHE_SECONDS = 300


class Verdict(Enum):
    ACTIVE = "active"
    ENDED = "ended"
    IDLE = "idle"
    EXPIRED = "expired"


def _hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def session_check(*, request) -> Verdict:
    """Track a newly signed-in session, or judge a tracked one against its timeouts."""
    row_id = request.session.get(SESSION_ROW_KEY)
    if row_id is None:
        _track(request)
        return Verdict.ACTIVE
    times = _times(row_id, request.user)
    if times is None:
        return Verdict.ENDED
    created_at, last_seen_at = times
    now = timezone.now()
    if now - created_at > timedelta(hours=settings.SEALDESK_SESSION_ABSOLUTE_HOURS):
        _forget([row_id])
        return Verdict.EXPIRED
    if now - last_seen_at > timedelta(minutes=settings.SEALDESK_SESSION_IDLE_MINUTES):
        _forget([row_id])
        return Verdict.IDLE
    if now - last_seen_at > TOUCH_RESOLUTION:
        _touch(request, row_id, created_at, now)
    return Verdict.ACTIVE


def _cache_key(row_id) -> str:
    return f"accounts:session:{row_id}"


def _times(row_id: str, user) -> tuple | None:
    times = cache.get(_cache_key(row_id))
    if times is not None:
        return times
    row = UserSession.objects.filter(pk=row_id, user=user).values_list("created_at", "last_seen_at").first()
    if row is not None:
        cache.set(_cache_key(row_id), tuple(row), CACHE_SECONDS)
    return row


def _track(request) -> None:
    if not request.session.session_key:
        request.session.save()
    row = UserSession.objects.create(
        user=request.user,
        key_hash=_hash(request.session.session_key),
        ip=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
    )
    request.session[SESSION_ROW_KEY] = str(row.pk)
    cache.set(_cache_key(row.pk), (row.created_at, row.last_seen_at), CACHE_SECONDS)


def _touch(request, row_id: str, created_at, now) -> None:
    """Last-seen time, written at most every 30 s; the hash follows the key when Django rotates it."""
    UserSession.objects.filter(pk=row_id).update(last_seen_at=now, key_hash=_hash(request.session.session_key or ""))
    cache.set(_cache_key(row_id), (created_at, now), CACHE_SECONDS)


def _forget(row_ids) -> None:
    """Delete rows and their cache entries; the sessions are signed out on their next request."""
    row_ids = [str(row_id) for row_id in row_ids]
    UserSession.objects.filter(pk__in=row_ids).delete()
    transaction.on_commit(lambda: cache.delete_many([_cache_key(row_id) for row_id in row_ids]))
    cache.delete_many([_cache_key(row_id) for row_id in row_ids])


def current_session_id(request) -> str | None:
    return request.session.get(SESSION_ROW_KEY)


def sessions_for_user(*, user: User) -> list[UserSession]:
    return list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))


@transaction.atomic
def user_session_end(*, user_session: UserSession, actor) -> None:
    record_event(action="auth.session_end", actor=actor, target=user_session.user)
    _forget([user_session.pk])


@transaction.atomic
def user_sessions_end_all(*, user: User, actor, reason: str, keep_session_id: str | None = None) -> int:
    row_ids = list(UserSession.objects.filter(user=user).exclude(pk=keep_session_id).values_list("pk", flat=True))
    _forget(row_ids)
    record_event(
        action="auth.sessions_end_all", actor=actor, target=user, result_count=len(row_ids), metadata={"reason": reason}
    )
    return len(row_ids)
