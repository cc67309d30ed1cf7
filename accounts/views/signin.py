"""Password sign-in, the second-factor step and re-authentication (sudo mode)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import lockout, twofactor
from accounts.forms import CodeForm, EmailAuthenticationForm, SudoForm, client_ip, locked_error
from accounts.sudo import sudo_grant
from accounts.views._common import safe_next
from audit.services import record_event

ENDED_MESSAGES = {
    "idle": gettext_lazy("You were signed out after a period of inactivity."),
    "expired": gettext_lazy("Your session reached its maximum length. Please sign in again."),
    "ended": gettext_lazy("Your session was ended. Please sign in again."),
}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The same user signing in again keeps the session's data: a password alone proves no second factor.
        for key in (DEVICE_ID_SESSION_KEY, twofactor.SSO_MFA_SESSION_KEY):
            self.request.session.pop(key, None)
        record_event(
            action="auth.login", actor=self.request.user, target=self.request.user, metadata={"method": "password"}
        )
        return response

    def get_success_url(self) -> str:
        target = super().get_success_url()
        if not twofactor.requires_second_factor(self.request.user):
            return target
        step = "accounts:two_factor_verify" if twofactor.has_device(self.request.user) else "accounts:two_factor_setup"
        return f"{reverse(step)}?{urlencode({'next': target})}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ended_message"] = ENDED_MESSAGES.get(str(self.request.GET.get("ended", "")))
        context["sso_enabled"] = settings.SEALDESK_OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = twofactor.second_factor_verify(request=request, code=form.cleaned_data["code"])
        except twofactor.Throttled:
            form.add_error("code", _("Too many wrong codes. Wait a little, then try again."))
        else:
            if verified:
                request.session.cycle_key()
                sudo_grant(request)  # password and code were both just proven
                return redirect(safe_next(request))
            form.add_error("code", _("That code is not valid, or it was already used."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def sudo(request):
    """Prove it is still you: password (if you have one) and a second-factor code (if you have a device)."""
    user = request.user
    needs_password, needs_code = user.has_usable_password(), twofactor.has_device(user)
    form = SudoForm(request.POST or None, needs_password=needs_password, needs_code=needs_code)
    if request.method == "POST" and form.is_valid() and _sudo_checks(request, form):
        sudo_grant(request)
        record_event(action="auth.sudo", actor=user, target=user)
        return redirect(safe_next(request, reverse("accounts:security")))
    context = {
        "form": form,
        "next": safe_next(request, reverse("accounts:security")),
        "sso_only": not needs_password and not needs_code,
        "sso_enabled": settings.SEALDESK_OIDC_ENABLED,
    }
    return render(request, "accounts/sudo.html", context)


def _sudo_checks(request, form) -> bool:
    user = request.user
    if "password" in form.fields:
        attempt = lockout.login_attempt_begin(email=user.email, ip=client_ip(request))
        if not attempt.allowed:
            form.add_error(None, locked_error(attempt.locked_until))
            return False
        if not user.check_password(form.cleaned_data["password"]):
            lockout.login_attempt_failed(attempt=attempt, reason="sudo_password")
            form.add_error("password", _("That password is not right."))
            return False
        lockout.login_attempt_succeeded(attempt=attempt)
    if "code" in form.fields:
        try:
            if not twofactor.second_factor_verify(request=request, code=form.cleaned_data["code"]):
                form.add_error("code", _("That code is not valid, or it was already used."))
                return False
        except twofactor.Throttled:
            form.add_error("code", _("Too many wrong codes. Wait a little, then try again."))
            return False
    return "password" in form.fields or "code" in form.fields
