"""Every API error is JSON with a clear message."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _envelope(response.status_code, response.data)
    return response


def _validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": exc.messages}


def _envelope(status_code: int, data) -> dict:
    if status_code == status.HTTP_400_BAD_REQUEST:
        return {"error": "invalid", "detail": "The request has invalid fields.", "fields": data}
    detail = data.get("detail", data) if isinstance(data, dict) else data
    code = getattr(detail, "code", None) or _CODES.get(status_code, "error")
    return {"error": code, "detail": str(detail)}


_CODES = {
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}
