from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.lockout import login_attempt_begin, login_attempt_failed, login_attempt_succeeded
from accounts.models import ApiToken, Team
from accounts.roles import Role

LOCKED_MESSAGE = _(
    "Too many failed sign-ins for this account or network. Try again after %(time)s, "
    "or ask an admin to unlock the account."
)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def locked_error(until) -> ValidationError:
    when = formats.time_format(timezone.localtime(until), "H:i")
    return ValidationError(LOCKED_MESSAGE, code="locked", params={"time": when})


class EmailAuthenticationForm(AuthenticationForm):
    """Sign-in by email, with autocomplete hints that password managers understand.

    Each attempt reserves a slot against the account and IP limits before the password is checked.
    """

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        attempt = login_attempt_begin(email=email, ip=client_ip(self.request))
        if not attempt.allowed:
            raise locked_error(attempt.locked_until)
        try:
            super().clean()
        except ValidationError:
            login_attempt_failed(attempt=attempt)
            raise
        login_attempt_succeeded(attempt=attempt)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text", "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class SudoForm(forms.Form):
    """Password and, when the user has one, a second-factor code."""

    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("From your authenticator app, or a backup code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, needs_password: bool, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_password:
            del self.fields["password"]
        if not needs_code:
            del self.fields["code"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=ApiToken._meta.get_field("name").max_length)
    role = forms.ChoiceField(label=_("Acts as role"), choices=Role.choices, initial=Role.AGENT)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires in (days)"),
        min_value=1,
        max_value=3650,
        initial=90,
        help_text=_("Every token expires; create a new one before this one runs out."),
    )
