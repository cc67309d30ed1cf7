"""Re-authentication ("sudo mode") before sensitive actions.

Key management, exports, erasure, role and policy changes, API tokens and 2FA changes ask the
user to prove again who they are; the proof holds for SEALDESK_SUDO_MINUTES in this session.
Web views use `@require_sudo`; DRF views add `SudoModePermission` to `permission_classes`.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.models import ApiToken

SUDO_SESSION_KEY = "_sd_sudo_until"


def sudo_active(request) -> bool:
    return request.session.get(SUDO_SESSION_KEY, 0) > time.time()


def sudo_grant(request) -> None:
    request.session[SUDO_SESSION_KEY] = time.time() + settings.SEALDESK_SUDO_MINUTES * 60


def sudo_redirect(request):
    """To the re-authentication page, coming back to where the user was (a form's page for a POST)."""
    target = request.get_full_path()
    if request.method != "GET":
        referer = request.META.get("HTTP_REFERER", "")
        allowed = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        target = referer if allowed else reverse("accounts:security")
    return redirect(f"{reverse('accounts:sudo')}?{urlencode({'next': target})}")


def require_sudo(view):
    """Decorator for web views: without a recent re-authentication, ask for it first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not sudo_active(request):
            return sudo_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class SudoModePermission(BasePermission):
    """For DRF views: session callers need a recent re-authentication; bearer tokens have no session."""

    message = _("Confirm your identity at /accounts/sudo/ first, then retry.")

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, ApiToken):
            return True
        return sudo_active(request._request)


class SudoRoutesMiddleware:
    """Sudo mode for routes of apps below accounts (the access-log export), which cannot import
    `require_sudo`: settings.SEALDESK_SUDO_ROUTES lists their URL names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in settings.SEALDESK_SUDO_ROUTES:
            return None
        if request.user.is_authenticated and not sudo_active(request):
            return sudo_redirect(request)
        return None
