"""Small helpers the screens share: role gates, service errors on forms, htmx-aware responses."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts import roles
from privacy.forms import add_service_errors as add_service_errors


def ticket_role_required(view):
    """Signed in and working tickets; everyone else gets 404, as if the page did not exist."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.works_tickets(request.user.role):
            raise Http404("Not available to this role")
        return view(request, *args, **kwargs)

    return wrapper


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))
