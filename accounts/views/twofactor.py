"""Setting up an authenticator app and backup codes; both secrets are shown once."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import twofactor
from accounts.forms import TotpConfirmForm
from accounts.sudo import require_sudo, sudo_active, sudo_grant, sudo_redirect
from accounts.views._common import no_store, safe_next


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """First set-up right after the password; replacing a device later is a 2FA change (sudo)."""
    if twofactor.has_device(request.user) and not sudo_active(request):
        return sudo_redirect(request)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_device_confirm(request=request, code=form.cleaned_data["code"])
        if codes is not None:
            request.session.cycle_key()
            sudo_grant(request)
            return _backup_codes_page(request, codes)
        form.add_error("code", _("That code does not match. Scan the new QR code and try again."))
    device = twofactor.totp_device_begin(user=request.user)
    context = {
        "form": form,
        "qr_svg": mark_safe(twofactor.totp_qr_svg(device)),  # noqa: S308 - drawn by us, no user input
        "secret": twofactor.totp_secret_text(device),
        "next": safe_next(request),
    }
    return no_store(render(request, "accounts/two_factor_setup.html", context))


@login_required
@require_POST
@require_sudo
def backup_codes_regenerate(request):
    codes = twofactor.backup_codes_generate(user=request.user, actor=request.user)
    return _backup_codes_page(request, codes)


def _backup_codes_page(request, codes: list[str]):
    context = {"codes": codes, "next": safe_next(request)}
    return no_store(render(request, "accounts/backup_codes.html", context))
