"""What every helpdesk API view shares: JSON in and out, permissions, error docs, access logging."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from helpdesk.access_log import record_read
from helpdesk.api.parsers import BoundedJSONParser
from helpdesk.api.permissions import RoleAndScope
from helpdesk.api.schema import BearerTokenScheme  # noqa: F401  (registers the token scheme)
from helpdesk.api.serializers import shown_fields


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Answer JSON whatever the Accept header says, so errors are JSON too (downloads bypass renderers)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiView(generics.GenericAPIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    content_negotiation_class = JSONOnlyNegotiation
    permission_classes = [IsAuthenticated, RoleAndScope]
    read_scope = ""
    write_scope = ""

    def log_read(self, *, action: str, target=None, target_type: str = "", result_count=None, query=None):
        """One access-log event per API read: a detail view names its object, a list its count."""
        record_read(
            action=action,
            actor=self.request.user,
            target=target,
            target_type=target_type,
            fields_shown=shown_fields(self.get_serializer_class()),
            result_count=result_count,
            query=query,
        )


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text=_("A stable, machine-readable code such as `not_found`."))
    detail = serializers.CharField(help_text=_("A human-readable explanation."))


class MissingScopeErrorSerializer(ErrorSerializer):
    missing_scope = serializers.CharField(required=False, help_text=_("The token scope this request needs."))


class InvalidErrorSerializer(ErrorSerializer):
    # Not always there (a body that is not JSON at all has no fields), and nested inputs nest their
    # messages (`requester` -> `email` -> [...], list items by index), so any JSON per field.
    fields = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_("Messages per input field; `non_field_errors` for the request as a whole."),
    )


_ERRORS = {
    400: (InvalidErrorSerializer, _("Invalid input: wrong types, unknown choices or fields, malformed JSON.")),
    401: (ErrorSerializer, _("No token, or an invalid, expired or revoked one (see `WWW-Authenticate`).")),
    403: (
        MissingScopeErrorSerializer,
        _(
            "The token lacks the scope (named in `missing_scope`), or the role may not do this. "
            "Compliance-officer tokens are refused on every helpdesk endpoint."
        ),
    ),
    404: (ErrorSerializer, _("No such object, or it is not visible to the caller.")),
    410: (ErrorSerializer, _("The file's encryption key is revoked or unreachable.")),
    413: (ErrorSerializer, _("The request body is too large.")),
    415: (ErrorSerializer, _("Wrong Content-Type.")),
}


def errors(*codes: int) -> dict:
    """Documented error responses for an operation; 401 and 403 apply everywhere."""
    return {code: OpenApiResponse(_ERRORS[code][0], description=_ERRORS[code][1]) for code in (401, 403, *codes)}
