from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Email and the authentication methods (`amr`) each test user is configured with."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request):
        profile = settings.OIDC_PROVIDER_USERS.get(request.user.email, {})
        return {
            "email": request.user.email,
            "email_verified": True,
            "name": profile.get("name", ""),
            "amr": profile.get("amr", ["pwd"]),
        }
