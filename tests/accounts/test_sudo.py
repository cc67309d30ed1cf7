import time

from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts.sudo import SUDO_SESSION_KEY, SudoModePermission, require_sudo
from audit.models import AccessEvent
from tests.accounts.helpers import code_for
from tests.conftest import PASSWORD


def without_sudo(client):
    session = client.session
    session.pop(SUDO_SESSION_KEY, None)
    session.save()
    return client


def confirm(client, alice, code, password=PASSWORD, next_url="/accounts/api-tokens/new/"):
    return client.post("/accounts/sudo/", {"password": password, "code": code, "next": next_url})


def test_it_asks_to_confirm_before_creating_api_tokens(login, admin_user):
    client = without_sudo(login(admin_user))

    response = client.get("/accounts/api-tokens/new/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sudo/?next=%2Faccounts%2Fapi-tokens%2Fnew%2F"


def test_it_asks_to_confirm_before_changing_the_masking_policy(login, admin_user):
    client = without_sudo(login(admin_user))

    assert client.get("/privacy/masking/")["Location"].startswith("/accounts/sudo/")


def test_it_grants_sudo_with_password_and_code(login, admin_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = without_sudo(login(admin_user))
    device = TOTPDevice.objects.get(user=admin_user)
    page = client.get("/accounts/sudo/?next=/accounts/api-tokens/new/").content.decode()
    assert 'autocomplete="current-password"' in page and 'autocomplete="one-time-code"' in page

    response = confirm(client, admin_user, code_for(device))

    assert response["Location"] == "/accounts/api-tokens/new/"
    assert client.get("/accounts/api-tokens/new/").status_code == 200
    assert AccessEvent.objects.filter(action="auth.sudo", actor_id=admin_user.pk).count() == 1


def test_it_refuses_a_wrong_password_and_counts_it_toward_the_lock(login, admin_user):
    from accounts.models import LoginThrottle

    client = without_sudo(login(admin_user))

    response = confirm(client, admin_user, "123456", password="wrong password here")

    assert "not right" in response.content.decode()
    assert LoginThrottle.objects.get(kind="account").attempts == 1
    assert client.get("/accounts/api-tokens/new/").status_code == 302


def test_it_refuses_a_wrong_code(login, admin_user):
    client = without_sudo(login(admin_user))

    assert "not valid" in confirm(client, admin_user, "000000").content.decode()


def test_it_expires_after_the_configured_minutes(login, admin_user, settings):
    client = login(admin_user)
    session = client.session
    session[SUDO_SESSION_KEY] = time.time() - 1
    session.save()

    assert client.get("/accounts/api-tokens/new/").status_code == 302


def test_it_ignores_an_unsafe_next(login, admin_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = without_sudo(login(admin_user))
    device = TOTPDevice.objects.get(user=admin_user)

    response = confirm(client, admin_user, code_for(device), next_url="https://evil.example/")

    assert response["Location"] == "/accounts/security/"


def test_the_decorator_sends_a_post_back_to_the_form_it_came_from(alice, rf: RequestFactory):
    view = require_sudo(lambda request: HttpResponse("done"))
    request = rf.post("/x/", HTTP_REFERER="http://testserver/privacy/masking/policy/")
    request.user, request.session = alice, {}

    response = view(request)

    assert response["Location"] == "/accounts/sudo/?next=http%3A%2F%2Ftestserver%2Fprivacy%2Fmasking%2Fpolicy%2F"


class _Guarded(APIView):
    permission_classes = [SudoModePermission]

    def get(self, request):
        return HttpResponse("ok")


def test_the_drf_permission_needs_sudo_for_sessions_but_not_for_tokens(alice, admin_user):
    from accounts.services import api_token_create

    factory = APIRequestFactory()
    session_request = factory.get("/x/")
    session_request.session = {}
    force_authenticate(session_request, user=alice)
    assert _Guarded.as_view()(session_request).status_code == 403

    session_request = factory.get("/x/")
    session_request.session = {SUDO_SESSION_KEY: time.time() + 60}
    force_authenticate(session_request, user=alice)
    assert _Guarded.as_view()(session_request).status_code == 200

    token, _ = api_token_create(name="Shop", role="agent", scopes=[], actor=admin_user)
    token_request = factory.get("/x/")
    token_request.session = {}
    force_authenticate(token_request, user=token.user, token=token)
    assert _Guarded.as_view()(token_request).status_code == 200


def test_the_django_admin_asks_for_sudo_before_any_change(login, admin_user, alice):
    type(admin_user).objects.filter(pk=admin_user.pk).update(is_superuser=True)
    client = without_sudo(login(admin_user))

    assert client.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200
    response = client.post(f"/admin/accounts/user/{alice.pk}/change/", {"email": alice.email, "role": "admin"})

    assert response["Location"].startswith("/accounts/sudo/")
    alice.refresh_from_db()
    assert alice.role == "agent"


def test_admin_actions_on_a_staff_account_need_sudo(login, admin_user, alice):
    client = without_sudo(login(admin_user))

    for action in ["deactivate", "two-factor/reset", "sessions/end", "unlock"]:
        assert client.post(f"/accounts/users/{alice.pk}/{action}/")["Location"].startswith("/accounts/sudo/")
    alice.refresh_from_db()
    assert alice.is_active


def test_it_sends_an_anonymous_visitor_of_the_sudo_page_to_sign_in(client):
    response = client.get("/accounts/sudo/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
