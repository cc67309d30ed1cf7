"""Reads for the account screens, scoped to the caller: outsiders get 404."""

import uuid

from django.http import Http404

from accounts.models import ApiToken, User, UserSession
from accounts.roles import may_manage_accounts


def user_session_get_for(*, user: User, session_id: uuid.UUID) -> UserSession:
    """A user's own session, or anyone's for an admin."""
    sessions = UserSession.objects.select_related("user")
    if not may_manage_accounts(user.role):
        sessions = sessions.filter(user=user)
    found = sessions.filter(pk=session_id).first()
    if found is None:
        raise Http404
    return found


def staff_user_get_for_admin(*, user: User, user_id: uuid.UUID) -> User:
    if not may_manage_accounts(user.role):
        raise Http404
    found = User.objects.filter(pk=user_id, is_service=False).first()
    if found is None:
        raise Http404
    return found


def staff_users_for_admin(*, user: User) -> list[User]:
    if not may_manage_accounts(user.role):
        raise Http404
    return list(User.objects.filter(is_service=False).order_by("email"))


def api_tokens_for_admin(*, user: User) -> list[ApiToken]:
    if not may_manage_accounts(user.role):
        raise Http404
    return list(ApiToken.objects.select_related("user", "created_by").prefetch_related("user__teams"))


def api_token_get_for_admin(*, user: User, token_id: uuid.UUID) -> ApiToken:
    if not may_manage_accounts(user.role):
        raise Http404
    found = ApiToken.objects.filter(pk=token_id).first()
    if found is None:
        raise Http404
    return found
