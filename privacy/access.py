"""Who may use the retention and subject-request screens: admins and compliance officers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts import roles
from accounts.decorators import role_required


def may_see_privacy(user) -> bool:
    return getattr(user, "is_authenticated", False) and roles.may_manage_privacy(getattr(user, "role", ""))


def may_edit_policies(user) -> bool:
    return roles.may_edit_privacy_policies(getattr(user, "role", ""))


privacy_role_required = role_required(roles.may_manage_privacy)


def require_policy_editor(user) -> None:
    if not may_edit_policies(user):
        raise PermissionDenied(_("Only admins change retention policies and the schedule."))
