import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import sessions, twofactor


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def _bearer(request) -> bool:
    return request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer ")


class SessionGuardMiddleware:
    """Signs out sessions that were ended elsewhere, sat idle too long or outlived their lifetime,
    and sessions of deactivated users, before the request reaches any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not _bearer(request):
            verdict = sessions.Verdict.ENDED if not user.is_active else sessions.session_check(request=request)
            if verdict is not sessions.Verdict.ACTIVE:
                auth.logout(request)
                if not request.path.startswith("/api/"):
                    query = urlencode({"next": request.get_full_path(), "ended": verdict.value})
                    return _redirect(request, f"{reverse('accounts:login')}?{query}")
        return self.get_response(request)


# Pages an unverified session may open: signing in or out, proving the second factor.
UNVERIFIED_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:sso_start",
        "accounts:sso_callback",
        "set_language",
        "healthz",
        "helpdesk:web_form",
        "helpdesk:web_form_thanks",
    }
)


class SecondFactorMiddleware:
    """Every staff page and session-authenticated API route needs a verified second factor.

    A user without a device can only reach the set-up page; one with a device, the code page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if _bearer(request) or not twofactor.requires_second_factor(user) or twofactor.is_verified(request):
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        has_device = twofactor.has_device(user)
        name = _url_name(request)
        if name in UNVERIFIED_URL_NAMES or (name == "accounts:two_factor_setup" and not has_device):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            detail = _("Sessions need a verified second factor; sign in again through the web UI.")
            return JsonResponse({"error": "second_factor_required", "detail": str(detail)}, status=403)
        target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
        return _redirect(request, f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _redirect(request, url: str) -> HttpResponse:
    """A whole-page redirect, also for htmx requests (which would otherwise swap the target page into a fragment)."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _url_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""
