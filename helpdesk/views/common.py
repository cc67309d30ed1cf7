"""Small helpers the screens share: role gates, service errors on forms, htmx-aware responses."""

from accounts import roles
from accounts.decorators import role_required
from privacy.forms import add_service_errors as add_service_errors

ticket_role_required = role_required(roles.works_tickets)


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))
