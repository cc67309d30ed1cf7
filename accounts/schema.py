"""OpenAPI: the verified-session scheme is documented like Django's session scheme."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "accounts.authentication.VerifiedSessionAuthentication"
