"""Error pages: HTML for people, JSON for API clients. Never a stack trace."""

from django.http import JsonResponse
from django.shortcuts import render


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


def server_error(request):
    return _error(request, 500, "Server error", "Something went wrong on our side. The team has been notified.")
