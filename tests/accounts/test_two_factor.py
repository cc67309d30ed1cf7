import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from audit.models import AccessEvent
from tests.accounts.helpers import code_for, password_client, totp_device


def verify(client, code: str):
    return client.post("/accounts/2fa/verify/", {"code": code, "next": "/tickets/mine/"})


def test_it_sends_a_user_with_a_device_to_the_code_page_after_the_password(alice):
    totp_device(alice)
    client = password_client(alice)

    assert client.get("/tickets/mine/")["Location"] == "/accounts/2fa/verify/?next=%2Ftickets%2Fmine%2F"


def test_it_lets_the_user_in_with_a_current_totp_code(alice):
    device = totp_device(alice)
    client = password_client(alice)

    response = verify(client, code_for(device))

    assert response.status_code == 302
    assert response["Location"] == "/tickets/mine/"
    assert client.get("/tickets/mine/").status_code == 200
    assert AccessEvent.objects.filter(action="auth.2fa_verified", actor_id=alice.pk).count() == 1


def test_it_rejects_a_totp_code_used_twice(alice, bob):
    device = totp_device(alice)
    code = code_for(device)
    assert verify(password_client(alice), code).status_code == 302

    second = password_client(alice)
    response = verify(second, code)

    assert response.status_code == 200
    assert "already used" in response.content.decode()
    assert second.get("/tickets/mine/").status_code == 302


def test_it_throttles_wrong_codes(alice):
    device = totp_device(alice)
    client = password_client(alice)
    with freeze_time() as frozen:
        assert "not valid" in verify(client, "000000").content.decode()
        response = verify(client, code_for(device))
        assert "Too many wrong codes" in response.content.decode()
        frozen.tick(5)
        assert verify(client, code_for(device)).status_code == 302
    assert AccessEvent.objects.filter(action="auth.2fa_failed").count() >= 1


def test_it_accepts_a_backup_code_once(alice):
    from accounts.twofactor import backup_codes_generate

    totp_device(alice)
    codes = backup_codes_generate(user=alice, actor=alice)

    assert verify(password_client(alice), codes[0].upper()).status_code == 302
    response = verify(password_client(alice), codes[0])

    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=alice).count() == 9


def test_it_sends_a_user_without_device_to_set_up_and_nowhere_else(alice, ticket):
    client = password_client(alice)

    for url in ["/tickets/mine/", f"/tickets/{ticket.code}/", "/accounts/security/", "/admin/"]:
        assert client.get(url)["Location"].startswith("/accounts/2fa/setup/")
    assert client.get("/api/v1/tickets/").status_code == 403


def test_it_sets_up_totp_from_a_qr_code_drawn_as_inline_svg_and_shows_backup_codes_once(alice):
    client = password_client(alice)

    page = client.get("/accounts/2fa/setup/?next=/tickets/mine/")
    html = page.content.decode()
    assert page.status_code == 200
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    assert "<script>" not in html and "style=" not in svg and "<script" not in svg
    assert page["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=alice, confirmed=False)

    done = client.post("/accounts/2fa/setup/", {"code": code_for(device), "next": "/tickets/mine/"})

    assert done.status_code == 200
    assert done.content.decode().count("<code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/tickets/mine/").status_code == 200
    assert AccessEvent.objects.filter(action="auth.2fa_enabled", target_id=str(alice.pk)).count() == 1


def test_it_draws_a_new_secret_on_every_visit_of_the_setup_page(alice):
    client = password_client(alice)
    client.get("/accounts/2fa/setup/")
    first = TOTPDevice.objects.get(user=alice).key
    client.get("/accounts/2fa/setup/")

    assert TOTPDevice.objects.get(user=alice).key != first


def test_it_rejects_a_wrong_setup_code(alice):
    client = password_client(alice)
    client.get("/accounts/2fa/setup/")

    response = client.post("/accounts/2fa/setup/", {"code": "123456"})

    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_it_asks_for_sudo_before_replacing_a_device(login, alice):
    client = login(alice)
    session = client.session
    session.pop("_sd_sudo_until")
    session.save()

    assert client.get("/accounts/2fa/setup/")["Location"].startswith("/accounts/sudo/")


def test_it_regenerates_backup_codes_in_sudo_mode(login, alice):
    client = login(alice)

    response = client.post("/accounts/2fa/backup-codes/")

    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=alice).count() == 10


@pytest.mark.parametrize("role", ["agent", "admin"])
def test_it_lets_roles_left_out_of_the_setting_in_with_a_password(settings, role, team_a):
    from accounts.services import user_create
    from tests.conftest import PASSWORD

    settings.SEALDESK_2FA_REQUIRED_ROLES = ["admin"]
    user = user_create(email=f"{role}@x.test", full_name="X", role=role, password=PASSWORD, teams=[team_a])
    client = password_client(user)

    assert (client.get("/tickets/mine/").status_code == 200) is (role == "agent")


def test_an_admin_resets_a_lost_device_and_the_user_sets_up_a_new_one(login, admin_user, alice):
    from tests.accounts.test_sessions import signed_in

    victim = signed_in(alice)
    admin = login(admin_user)

    assert admin.post(f"/accounts/users/{alice.pk}/two-factor/reset/").status_code == 302

    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert victim.get("/tickets/mine/")["Location"].startswith("/accounts/login/")
    assert password_client(alice).get("/tickets/mine/")["Location"].startswith("/accounts/2fa/setup/")
    assert AccessEvent.objects.filter(action="auth.2fa_reset", actor_id=admin_user.pk).count() == 1
