from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def no_store(response):
    """Pages that show a secret once must not be kept by the browser or a proxy."""
    response["Cache-Control"] = "no-store"
    return response
