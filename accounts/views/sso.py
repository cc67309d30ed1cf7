"""Sign-in through the company's OpenID Connect provider; 404 while SSO is not configured."""

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.sudo import sudo_grant
from accounts.twofactor import SSO_MFA_SESSION_KEY
from audit.services import record_event


def _enabled(view):
    def guarded(request, *args, **kwargs):
        if not settings.SEALDESK_OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


class SsoCallbackView(OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        mfa = getattr(self.user, "sso_mfa", False)
        # Set after auth.login, which keeps the session data but would drop it on a user change.
        self.request.session[SSO_MFA_SESSION_KEY] = mfa
        sudo_grant(self.request)
        record_event(
            action="auth.login", actor=self.user, target=self.user, metadata={"method": "sso", "provider_mfa": mfa}
        )
        return response


sso_start = _enabled(OIDCAuthenticationRequestView.as_view())
sso_callback = _enabled(SsoCallbackView.as_view())
