"""Sign-in helpers for account tests: current TOTP codes and clients at each step of signing in."""

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token() if not offset_steps else _token_at(totp, offset_steps):06d}"


def _token_at(totp: TOTP, offset_steps: int) -> int:
    totp.time = totp.time + offset_steps * totp.step
    return totp.token()


def password_client(user, client: Client | None = None) -> Client:
    """Signed in with the password only: the second factor is still owed."""
    client = client or Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client
