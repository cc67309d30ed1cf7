"""The role gates of the screens: anonymous visitors sign in first, other roles get 404."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.urls import reverse

from accounts.roles import Role
from helpdesk.views.common import ticket_role_required
from helpdesk.views.redactions import redact_role_required
from privacy.access import privacy_role_required

GATES = [
    (ticket_role_required, {Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT, Role.ADMIN}),
    (redact_role_required, {Role.AGENT, Role.SENIOR_AGENT, Role.ADMIN}),
    (privacy_role_required, {Role.ADMIN, Role.COMPLIANCE}),
]


def _page(request, **kwargs):
    return HttpResponse(f"page {kwargs}")


@pytest.mark.parametrize(("gate", "allowed"), GATES)
@pytest.mark.parametrize("role", list(Role))
def test_it_lets_in_only_the_roles_of_the_gate(rf, gate, allowed, role):
    request = rf.get("/page/")
    request.user = SimpleNamespace(is_authenticated=True, role=role)
    view = gate(_page)

    if role in allowed:
        assert view(request, code="c").content == b"page {'code': 'c'}"
    else:
        with pytest.raises(Http404, match="^Not available to this role$"):
            view(request, code="c")


@pytest.mark.parametrize(("gate", "allowed"), GATES)
def test_it_sends_anonymous_visitors_to_sign_in(rf, gate, allowed):
    request = rf.get("/page/")
    request.user = AnonymousUser()

    response = gate(_page)(request)

    assert response.status_code == 302 and response["Location"] == f"{reverse(settings.LOGIN_URL)}?next=/page/"
    assert gate(_page).__name__ == "_page"
