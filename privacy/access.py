"""Who may use the retention and subject-request screens: admins and compliance officers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

PRIVACY_ROLES = frozenset({"admin", "compliance"})
POLICY_ROLES = frozenset({"admin"})


def may_see_privacy(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", "") in PRIVACY_ROLES


def may_edit_policies(user) -> bool:
    return getattr(user, "role", "") in POLICY_ROLES


def privacy_role_required(view):
    """Signed in as an admin or compliance officer; everyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_see_privacy(request.user):
            raise Http404("Not available to this role")
        return view(request, *args, **kwargs)

    return wrapper


def require_policy_editor(user) -> None:
    if not may_edit_policies(user):
        raise PermissionDenied(_("Only admins change retention policies and the schedule."))
