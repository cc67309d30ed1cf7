from django.urls import reverse


def test_it_asks_for_re_authentication_before_an_export(client, compliance):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=compliance, name="app", confirmed=True)
    client.force_login(compliance)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    response = client.get(reverse("audit:export"), {"format": "csv"})

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sudo"))


def test_it_exports_within_sudo_mode(login, compliance):
    response = login(compliance).get(reverse("audit:export"), {"format": "csv"})

    assert response.status_code == 200
