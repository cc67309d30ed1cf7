"""Who may use the retention and subject-request screens: admins and compliance officers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import roles


def may_see_privacy(user) -> bool:
    return getattr(user, "is_authenticated", False) and roles.may_manage_privacy(getattr(user, "role", ""))


def may_edit_policies(user) -> bool:
    return roles.may_edit_privacy_policies(getattr(user, "role", ""))


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
