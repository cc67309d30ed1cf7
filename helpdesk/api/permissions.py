"""Who may call an endpoint: the caller's role, and for bearer tokens the scope each method needs.

Compliance officers (and tokens bound to that role) get a 403 on every helpdesk endpoint rather
than empty lists: their role never reads conversations, and an explicit refusal tells a
misconfigured integration what is wrong instead of looking like an empty helpdesk.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from accounts import roles
from accounts.models import ApiToken
from helpdesk.api_errors import MissingScope

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class RoleAndScope(permissions.BasePermission):
    """Reads `view.read_scope`, `view.write_scope` and `view.write_role_check` (a function of the role).

    Session users (the agent UI) have no token and are limited by their role alone.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not roles.works_tickets(user.role):
            raise exceptions.PermissionDenied(_("Your role may not use the helpdesk API."))
        is_read = request.method in SAFE_METHODS
        if isinstance(request.auth, ApiToken):
            scope = view.read_scope if is_read else view.write_scope
            if scope not in request.auth.scopes:
                raise MissingScope(scope)
        check = getattr(view, "write_role_check", None)
        if not is_read and check is not None and not check(user.role):
            raise exceptions.PermissionDenied(view.write_role_message)
        return True
