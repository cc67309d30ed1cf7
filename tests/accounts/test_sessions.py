from datetime import timedelta

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from rest_framework.test import APIClient

from accounts.models import ApiToken, UserSession
from accounts.services import user_deactivate
from audit.models import AccessEvent
from tests.accounts.helpers import code_for, password_client, totp_device


def signed_in(user, frozen=None) -> Client:
    """A real sign-in: password, then a TOTP code (each code works once: `frozen` moves time to the next)."""
    device = TOTPDevice.objects.filter(user=user).first() or totp_device(user)
    client = password_client(user)
    if frozen:
        frozen.tick(timedelta(seconds=30))
    assert client.post("/accounts/2fa/verify/", {"code": code_for(device)}).status_code == 302
    assert client.get("/tickets/mine/").status_code == 200
    return client


def test_it_tracks_each_signed_in_session_by_a_hash_of_its_key(alice):
    client = signed_in(alice)

    row = UserSession.objects.get(user=alice)
    assert row.key_hash != client.session.session_key
    assert len(row.key_hash) == 64


def test_it_signs_out_after_15_idle_minutes(alice):
    with freeze_time() as frozen:
        client = signed_in(alice)
        frozen.tick(timedelta(minutes=14))
        assert client.get("/tickets/mine/").status_code == 200
        frozen.tick(timedelta(minutes=14))
        assert client.get("/tickets/mine/").status_code == 200
        frozen.tick(timedelta(minutes=16))
        response = client.get("/tickets/mine/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "ended=idle" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert "inactivity" in client.get(response["Location"]).content.decode()


def test_it_honours_a_configured_idle_timeout(settings, alice):
    settings.SEALDESK_SESSION_IDLE_MINUTES = 5
    with freeze_time() as frozen:
        client = signed_in(alice)
        frozen.tick(timedelta(minutes=6))
        assert client.get("/tickets/mine/").status_code == 302


def test_it_signs_out_after_12_hours_however_active(settings, alice):
    settings.SESSION_COOKIE_AGE = 48 * 3600  # our own limit must hold even when the cookie's is longer
    with freeze_time() as frozen:
        client = signed_in(alice)
        for _ in range(12 * 6 - 1):
            frozen.tick(timedelta(minutes=10))
            assert client.get("/accounts/security/").status_code == 200
        frozen.tick(timedelta(minutes=11))
        response = client.get("/accounts/security/")

    assert "ended=expired" in response["Location"]


def test_it_lists_active_sessions_and_ends_another_one(alice):
    with freeze_time() as frozen:
        laptop, phone = signed_in(alice, frozen), signed_in(alice, frozen)
    page = laptop.get("/accounts/security/").content.decode()
    assert page.count("<tr>") == 3  # header and two sessions
    other = UserSession.objects.exclude(pk=laptop.session["_sd_session_row"]).get()

    assert laptop.post(f"/accounts/sessions/{other.pk}/end/").status_code == 302

    assert phone.get("/tickets/mine/")["Location"].startswith("/accounts/login/?next=%2Ftickets%2Fmine%2F&ended=ended")
    assert laptop.get("/tickets/mine/").status_code == 200
    assert AccessEvent.objects.filter(action="auth.session_end", actor_id=alice.pk).count() == 1


def test_it_hides_other_users_sessions_from_agents(login, alice, bob):
    signed_in(bob)
    bobs = UserSession.objects.get(user=bob)

    assert login(alice).post(f"/accounts/sessions/{bobs.pk}/end/").status_code == 404
    assert UserSession.objects.filter(pk=bobs.pk).exists()


def test_an_admin_sees_and_ends_a_users_sessions(login, alice, admin_user):
    victim = signed_in(alice)
    admin = login(admin_user)

    page = admin.get(f"/accounts/users/{alice.pk}/")
    assert page.status_code == 200
    assert admin.post(f"/accounts/users/{alice.pk}/sessions/end/").status_code == 302

    assert victim.get("/tickets/mine/").status_code == 302


def test_an_agent_cannot_open_another_users_security_page(login, alice, bob):
    client = login(alice)
    assert client.get(f"/accounts/users/{bob.pk}/").status_code == 404
    assert client.get("/accounts/users/").status_code == 404


def test_deactivation_ends_sessions_and_tokens_before_the_next_request(alice, admin_user, api_client_for, team_a):
    browser = signed_in(alice)
    token, raw_key = _token_for(admin_user, team_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert api.get("/api/v1/tickets/").status_code == 200

    user_deactivate(user=alice, actor=admin_user)
    user_deactivate(user=token.user, actor=admin_user)

    assert browser.get("/tickets/mine/")["Location"].startswith("/accounts/login/")
    assert api.get("/api/v1/tickets/").status_code == 401
    assert not UserSession.objects.filter(user=alice).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_deactivating_in_the_django_admin_goes_through_the_service(login, alice, admin_user):
    browser = signed_in(alice)
    type(admin_user).objects.filter(pk=admin_user.pk).update(is_superuser=True)
    admin = login(admin_user)
    form = {"email": alice.email, "full_name": alice.full_name, "time_zone": "UTC", "role": alice.role,
            "teams": [str(t.pk) for t in alice.teams.all()], "date_joined_0": "2026-01-01", "date_joined_1": "00:00"}

    response = admin.post(f"/admin/accounts/user/{alice.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    alice.refresh_from_db()
    assert not alice.is_active
    assert browser.get("/tickets/mine/").status_code == 302
    assert AccessEvent.objects.filter(action="user.deactivate", target_id=str(alice.pk)).count() == 1


def test_it_signs_out_a_user_deactivated_behind_our_back(alice):
    browser = signed_in(alice)
    type(alice).objects.filter(pk=alice.pk).update(is_active=False)

    assert browser.get("/tickets/mine/").status_code == 302


def test_session_cookies_are_httponly_and_samesite(settings, alice):
    client = password_client(alice)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def _token_for(admin_user, team):
    from accounts.services import api_token_create

    return api_token_create(
        name="Shop", role="agent", scopes=[ApiToken.Scope.TICKETS_READ], teams=[team], actor=admin_user
    )


def test_it_redirects_htmx_requests_as_a_whole_page(alice):
    with freeze_time() as frozen:
        client = signed_in(alice)
        frozen.tick(timedelta(minutes=16))
        response = client.get("/tickets/mine/", HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
