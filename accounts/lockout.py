"""Sign-in limits per account and per client IP.

Every attempt first reserves a slot in its counter rows under SELECT ... FOR UPDATE, so parallel
attempts queue on the rows and no more than the limit ever reach the password check.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import LoginThrottle, User
from audit.models import AccessEvent
from audit.services import record_event


@dataclass(frozen=True)
class Attempt:
    allowed: bool
    user: User | None
    keys: list[str] = field(default_factory=list)
    locked_until: object = None


def _key(kind: str, value: str) -> str:
    return f"{kind}:" + salted_hmac("sealdesk.accounts.lockout", value).hexdigest()


def _limit(kind: str) -> int:
    return (
        settings.SEALDESK_LOGIN_ACCOUNT_LIMIT
        if kind == LoginThrottle.Kind.ACCOUNT
        else settings.SEALDESK_LOGIN_IP_LIMIT
    )


def _lock_length(kind: str) -> timedelta:
    minutes = settings.SEALDESK_LOGIN_LOCKOUT_MINUTES if kind == LoginThrottle.Kind.ACCOUNT else None
    return timedelta(minutes=minutes or settings.SEALDESK_LOGIN_WINDOW_MINUTES)


def _locked_rows(keys: dict[str, str], user: User | None) -> list[LoginThrottle]:
    """Create the counter rows if missing, then lock them in a fixed order (no deadlocks)."""
    LoginThrottle.objects.bulk_create(
        [
            LoginThrottle(key=key, kind=kind, user=user if kind == LoginThrottle.Kind.ACCOUNT else None)
            for key, kind in keys.items()
        ],
        ignore_conflicts=True,
    )
    return list(LoginThrottle.objects.select_for_update().filter(key__in=keys).order_by("key"))


@transaction.atomic
def login_attempt_begin(*, email: str, ip: str | None) -> Attempt:
    """Reserve one sign-in attempt; `allowed=False` means the password must not even be checked."""
    email = (email or "").strip().lower()
    user = User.objects.filter(email=email, is_service=False).first()
    keys = {_key(LoginThrottle.Kind.ACCOUNT, email): LoginThrottle.Kind.ACCOUNT}
    if ip:
        keys[_key(LoginThrottle.Kind.IP, ip)] = LoginThrottle.Kind.IP
    now = timezone.now()
    rows = _locked_rows(keys, user)
    locks = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
    if locks:
        record_event(
            action="auth.login_failed", target=user, outcome=AccessEvent.Outcome.DENIED, metadata={"reason": "locked"}
        )
        return Attempt(allowed=False, user=user, keys=list(keys), locked_until=max(locks))
    for row in rows:
        _count(row, now, user)
    return Attempt(allowed=True, user=user, keys=list(keys))


def _count(row: LoginThrottle, now, user: User | None) -> None:
    if row.window_started_at < now - timedelta(minutes=settings.SEALDESK_LOGIN_WINDOW_MINUTES):
        row.attempts, row.window_started_at = 0, now
    row.attempts += 1
    if row.attempts >= _limit(row.kind):
        row.locked_until = now + _lock_length(row.kind)
        record_event(
            action="auth.locked",
            target=user if row.kind == LoginThrottle.Kind.ACCOUNT else None,
            outcome=AccessEvent.Outcome.DENIED,
            metadata={"kind": row.kind, "attempts": row.attempts},
        )
    row.save(update_fields=["attempts", "window_started_at", "locked_until"])


@transaction.atomic
def login_attempt_failed(*, attempt: Attempt, reason: str = "bad_credentials") -> None:
    record_event(
        action="auth.login_failed", target=attempt.user, outcome=AccessEvent.Outcome.DENIED, metadata={"reason": reason}
    )


@transaction.atomic
def login_attempt_succeeded(*, attempt: Attempt) -> None:
    """A right password clears the account's counter and gives the IP its slot back."""
    for row in LoginThrottle.objects.select_for_update().filter(key__in=attempt.keys).order_by("key"):
        if row.kind == LoginThrottle.Kind.ACCOUNT:
            row.attempts, row.locked_until = 0, None
        else:
            row.attempts = max(row.attempts - 1, 0)
            if row.attempts < _limit(row.kind):
                row.locked_until = None
        row.save(update_fields=["attempts", "locked_until"])


@transaction.atomic
def login_lock_clear(*, user: User, actor) -> int:
    """An admin unlocks an account: its counter starts again from zero."""
    cleared = LoginThrottle.objects.filter(key=_key(LoginThrottle.Kind.ACCOUNT, user.email)).update(
        attempts=0, locked_until=None
    )
    record_event(action="auth.unlocked", actor=actor, target=user)
    return cleared


def account_locked_until(*, user: User):
    row = LoginThrottle.objects.filter(key=_key(LoginThrottle.Kind.ACCOUNT, user.email)).first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None
