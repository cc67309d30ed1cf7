import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Team, User
from accounts.roles import Role
from accounts.sessions import user_sessions_end_all
from accounts.twofactor import two_factor_reset
from audit.services import record_event


def team_create(*, name: str) -> Team:
    return Team.objects.create(name=name)


@transaction.atomic
def user_create(
    *, email: str, full_name: str, role: str, password: str | None = None, teams=(), actor=None
) -> User:
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, role=role, is_staff=role == Role.ADMIN
    )
    user.teams.set(teams)
    record_event(action="user.create", actor=actor, target=user, metadata={"role": role})
    return user


@transaction.atomic
def user_change_role(*, user: User, role: str, actor) -> User:
    previous = user.role
    user.role = role
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["role", "is_staff"])
    record_event(action="user.role_change", actor=actor, target=user, metadata={"from": previous, "to": role})
    return user


@transaction.atomic
def api_token_create(
    *, name: str, role: str, scopes: list[str], actor, teams=(), expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token bound to a role through its own service account. Returns (token, raw key)."""
    raw_key = ApiToken.PREFIX + secrets.token_urlsafe(32)
    service_user = User.objects.create_user(
        email=f"token-{secrets.token_hex(6)}@integrations.invalid",
        full_name=name,
        role=role,
        is_service=True,
    )
    service_user.teams.set(teams)
    token = ApiToken.objects.create(
        name=name,
        user=service_user,
        key_hash=ApiToken.hash_key(raw_key),
        key_hint=raw_key[: len(ApiToken.PREFIX) + 6],
        scopes=sorted(set(scopes)),
        created_by=actor,
        expires_at=expires_at,
    )
    record_event(action="api_token.create", actor=actor, target=token, metadata={"role": role, "scopes": token.scopes})
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(action="api_token.revoke", actor=actor, target=token)
    return token


@transaction.atomic
def user_password_change(*, user: User, password: str, keep_session_id: str | None = None) -> User:
    """New password; every other session of the user is ended."""
    user.set_password(password)
    user.save(update_fields=["password"])
    user_sessions_end_all(user=user, actor=user, reason="password_changed", keep_session_id=keep_session_id)
    record_event(action="auth.password_changed", actor=user, target=user)
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor) -> User:
    """Deactivated users are signed out and their integration tokens refused before their next request."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end_all(user=user, actor=actor, reason="deactivated")
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(action="user.deactivate", actor=actor, target=user)
    return user


@transaction.atomic
def user_two_factor_reset(*, user: User, actor) -> User:
    """Lost phone: devices removed and sessions ended; the user sets up a new device at next sign-in."""
    two_factor_reset(user=user, actor=actor)
    user_sessions_end_all(user=user, actor=actor, reason="2fa_reset")
    return user
