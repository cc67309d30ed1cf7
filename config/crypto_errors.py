"""A write that needs a key the KMS will not give (revoked, unreachable) answers 503, never a 500.

Reads already degrade field by field to "data unavailable"; this covers the writes, which cannot
store a value they cannot seal. The response names no key and holds no personal data.
"""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from privacy.crypto import CryptoError

logger = logging.getLogger(__name__)


class KeyUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CryptoError):
            return None
        logger.warning("request refused: encryption key unavailable", extra={"error": type(exception).__name__})
        detail = _("The encryption key for this data is revoked or unreachable, so it cannot be changed right now.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"error": "data_unavailable", "detail": detail}, status=503)
        else:
            context = {"status": 503, "title": _("Data unavailable"), "detail": detail}
            response = render(request, "error.html", context, status=503)
        response["Retry-After"] = "60"
        return response
