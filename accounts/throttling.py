"""Per-token API rate limit: requests over SEALDESK_API_TOKEN_RATE get 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str:
        # Read at request time, so the setting can change without re-importing DRF's defaults.
        return settings.SEALDESK_API_TOKEN_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
