"""Single sign-on through an OpenID Connect provider (mozilla-django-oidc).

Users are matched by email; unknown ones are created with SEALDESK_OIDC_DEFAULT_ROLE only when
SEALDESK_OIDC_CREATE_USERS is on. With SEALDESK_OIDC_TRUST_MFA, an ID token whose `amr` or `acr`
says the provider checked a second factor counts as this session's second factor.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import User


def mfa_satisfied(id_token_claims: dict) -> bool:
    if not settings.SEALDESK_OIDC_TRUST_MFA:
        return False
    amr = id_token_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    acr = str(id_token_claims.get("acr") or "")
    return bool(set(amr) & set(settings.SEALDESK_OIDC_MFA_AMR)) or (acr and acr in settings.SEALDESK_OIDC_MFA_ACR)


class SealdeskOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Built for every authenticate() call: stay inert (no settings read) while SSO is off.
        self.enabled = settings.SEALDESK_OIDC_ENABLED
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        return User.objects.filter(email=claims["email"].strip().lower(), is_service=False)

    def create_user(self, claims):
        if not settings.SEALDESK_OIDC_CREATE_USERS:
            return None
        from accounts.services import user_create

        return user_create(
            email=claims["email"].strip().lower(),
            full_name=str(claims.get("name") or "")[:150],
            role=settings.SEALDESK_OIDC_DEFAULT_ROLE,
            actor=None,
        )

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.sso_mfa = mfa_satisfied(payload)
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
