"""Error pages: HTML for people, JSON for API clients. Never a stack trace."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _


def _error(request, status: int, title: str, detail: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": title.lower().replace(" ", "_"), "detail": detail}, status=status)
    return render(request, "error.html", {"status": status, "title": title, "detail": detail}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request, exception=None):
    return _error(request, 403, "Forbidden", "You do not have permission to do this.")


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is nothing here, or you may not see it.")


def database_unavailable(request):
    """The database went away (restart, failover, killed connection): a 503 the client may retry.
    Rendered without templates or context processors, which could need the database themselves.
    Django drops the broken connection at the end of the request, so the next one reconnects."""
    title, detail = _("Service unavailable"), _("The service is briefly unavailable. Please try again in a moment.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": "service_unavailable", "detail": detail}, status=503)
    else:
        page = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(detail)}</p>"
        response = HttpResponse(page, status=503)
    response["Retry-After"] = "5"
    return response


def server_error(request):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return _error(request, 500, "Server error", "Something went wrong on our side. The team has been notified.")
