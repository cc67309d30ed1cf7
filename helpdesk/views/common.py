"""Small helpers the screens share: role gates, service errors on forms, htmx-aware responses."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404

from accounts import roles


def ticket_role_required(view):
    """Signed in and working tickets; everyone else gets 404, as if the page did not exist."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles.works_tickets(request.user.role):
            raise Http404("Not available to this role")
        return view(request, *args, **kwargs)

    return wrapper


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on a field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))
