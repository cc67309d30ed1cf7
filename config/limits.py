"""Request bodies larger than any form or upload we accept are refused before a byte is read.

Django buffers multipart files to disk and parses forms on first access to request.POST (the CSRF
check does that); a body that declares more than the limit is answered 413 here instead, so a
client cannot make a worker read and store a gigabyte. A chunked body without Content-Length is
never read by Django at all (it sees an empty body).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def max_request_bytes() -> int:
    return int(getattr(settings, "SEALDESK_MAX_REQUEST_BYTES", settings.ATTACHMENT_MAX_BYTES + 1024 * 1024))


def _too_large(request):
    detail = _("The request is larger than %(mb)d MB.") % {"mb": max_request_bytes() // (1024 * 1024)}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "request_too_large", "detail": detail}, status=413)
    context = {"status": 413, "title": _("Request too large"), "detail": detail}
    return render(request, "error.html", context, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            return _too_large(request)
        return self.get_response(request)
