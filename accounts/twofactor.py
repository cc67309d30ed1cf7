"""Second factors: TOTP apps and one-time backup codes (django-otp), and who must use one.

Verification locks the device row, so a code raced from two requests still counts once, and
django-otp's throttling makes every wrong code double the wait before the next try.
"""

import base64
from binascii import unhexlify

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import AccessEvent
from audit.services import record_event

SSO_MFA_SESSION_KEY = "_sd_sso_mfa"
BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"
TOTP_DIGITS = 6


def requires_second_factor(user) -> bool:
    return bool(
        user.is_authenticated and not user.is_service and user.role in settings.SEALDESK_2FA_REQUIRED_ROLES
    )


def is_verified(request) -> bool:
    """A code checked in this session, or an identity provider that vouched for its own MFA.

    Read from the session alone (no query per request): removing a user's devices goes through
    `accounts.services.user_two_factor_reset`, which ends their sessions too.
    """
    session = request.session
    return bool(session.get(django_otp.DEVICE_ID_SESSION_KEY)) or session.get(SSO_MFA_SESSION_KEY) is True


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def totp_device_begin(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed device: its secret is shown once, on the page that creates it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG drawn on the server (no script, no style attribute)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    return image.to_string(encoding="unicode")


def totp_secret_text(device: TOTPDevice) -> str:
    """Base32 secret, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_confirm(*, request, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app. Returns new backup codes, or None."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
        if device is None or not device.verify_token(_digits(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(action="auth.2fa_enabled", actor=user, target=user, metadata={"device": "totp"})
        codes = backup_codes_generate(user=user, actor=user)
    django_otp.login(request, device)
    return codes


@transaction.atomic
def backup_codes_generate(*, user: User, actor) -> list[str]:
    """Ten new one-time codes; any earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    record_event(action="auth.backup_codes_generated", actor=actor, target=user, result_count=len(codes))
    return codes


class Throttled(Exception):
    """Too many wrong codes in a row; django-otp makes the caller wait."""


def second_factor_verify(*, request, code: str) -> bool:
    """Check a TOTP code (six digits) or a backup code for the signed-in user; mark the session verified."""
    user = request.user
    code = _digits(code).lower()
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and not device.verify_is_allowed()[0]:
            raise Throttled
        if device is not None and device.verify_token(code):
            record_event(action="auth.2fa_verified", actor=user, target=user, metadata={"device": model.__name__})
            django_otp.login(request, device)
            return True
    record_event(action="auth.2fa_failed", actor=user, target=user, outcome=AccessEvent.Outcome.DENIED)
    return False


@transaction.atomic
def two_factor_reset(*, user: User, actor) -> None:
    """An admin clears a user's devices (lost phone); the user sets up a new one at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(action="auth.2fa_reset", actor=actor, target=user)


def _digits(code: str) -> str:
    return "".join((code or "").split())
