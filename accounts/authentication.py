from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts import twofactor
from accounts.models import ApiToken

LAST_USED_RESOLUTION = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` for integrations; the request runs as the token's service account."""

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Bearer <token>'.")
        try:
            raw_key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(raw_key)).first()
        if token is None or not token.is_usable():
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session auth for the API that only counts sessions past their second factor.

    The middleware already answers 403 to unverified sessions; this keeps the rule even for a view
    reached some other way.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if twofactor.requires_second_factor(result[0]) and not twofactor.is_verified(request._request):
            return None
        return result


from accounts import schema  # noqa: E402,F401  (registers the OpenAPI description of the class above)
