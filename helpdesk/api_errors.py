"""Every API error is JSON with a clear message: `{"error": <code>, "detail": <text>}`.

Bad input adds `"fields": {<field>: [<message>, ...]}`; a token lacking a scope adds `"missing_scope"`.
Errors the services raise as Django exceptions are translated here, so views never catch them.
"""

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


class MissingScope(exceptions.PermissionDenied):
    """The bearer token is valid but was not granted the scope this endpoint and method need."""

    default_code = "missing_scope"

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__(_("This token lacks the scope %(scope)s.") % {"scope": scope})


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


class DataUnavailable(exceptions.APIException):
    """The data exists but its encryption key is revoked or unreachable."""

    status_code = status.HTTP_410_GONE
    default_detail = _("This data is unavailable: its encryption key is revoked or unreachable.")
    default_code = "data_unavailable"


def json_exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _envelope(exc, response.data)
    return response


def _as_api_exception(exc):
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_validation_detail(exc))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found, or not visible to you."))
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    return exc


def _validation_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): [m for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _envelope(exc, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        return {"error": "invalid", "detail": str(_("The request has invalid fields.")), "fields": fields}
    detail = data.get("detail", data) if isinstance(data, dict) else data
    code = getattr(detail, "code", None) or _CODES.get(getattr(exc, "status_code", 0), "error")
    body = {"error": code, "detail": str(detail)}
    if scope := getattr(exc, "scope", None):  # MissingScope, and the access log's own (audit sits below us)
        body["missing_scope"] = scope
    return body


_CODES = {
    400: "parse_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    415: "unsupported_media_type",
    429: "throttled",
}
