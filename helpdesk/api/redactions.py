"""Redaction through the API: detected spans to suggest, and irreversible redaction of chosen spans.

Both need the `pii:redact` scope and a role that may redact. Suggestions give types and offsets,
never values. A redaction needs `"confirm": true`, because it cannot be undone.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from accounts import roles
from accounts.models import ApiToken
from helpdesk.api.base import ApiView, errors
from helpdesk.api.inputs import StrictInput, Text
from helpdesk.selectors.tickets import comment_get_for_agent, ticket_get_for_agent
from privacy.redaction.selectors import suggestions
from privacy.redaction.services import redaction_apply
from privacy.redaction.targets import place_for


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    type = serializers.CharField(max_length=64, required=False, default="other")


class SuggestionsOutput(serializers.Serializer):
    field = serializers.CharField()
    key = serializers.CharField(allow_blank=True)
    length = serializers.IntegerField(help_text=_("The value's length, in Python string indices."))
    spans = SpanSerializer(many=True)


class RedactionInput(StrictInput):
    spans = SpanSerializer(many=True, allow_empty=False)
    confirm = serializers.BooleanField(help_text=_("Must be true: a redaction cannot be undone."))
    field = Text(max_length=64, required=False, help_text=_("Tickets only: `subject` (default) or `custom_fields`."))
    key = Text(max_length=64, required=False, help_text=_("The custom field's key, with `custom_fields`."))

    def validate_confirm(self, value):
        if value is not True:
            raise serializers.ValidationError(_("Redaction cannot be undone; send \"confirm\": true."))
        return value


class RedactionOutput(serializers.Serializer):
    id = serializers.CharField()
    field = serializers.CharField()
    key = serializers.CharField(allow_blank=True)
    spans_redacted = serializers.IntegerField()


@extend_schema(tags=["redaction"])
class _RedactionView(ApiView):
    read_scope = ApiToken.Scope.REDACT
    write_scope = ApiToken.Scope.REDACT
    write_role_check = staticmethod(roles.may_redact)
    write_role_message = _("Your role may not redact personal data.")

    def check_permissions(self, request):
        super().check_permissions(request)
        if not roles.may_redact(request.user.role):
            raise exceptions.PermissionDenied(self.write_role_message)

    def place(self, obj, field: str, key: str):
        place = place_for(obj, field, key)
        if place is None:
            raise exceptions.ValidationError({"field": [_("This value cannot be redacted.")]})
        return place

    def suggest(self, obj, field: str, key: str = ""):
        text = self.place(obj, field, key).read()
        spans = [span.as_dict() for span in suggestions(text)]
        self.log_read(action="redaction.suggestions", target=obj)
        return Response(SuggestionsOutput({"field": field, "key": key, "length": len(text), "spans": spans}).data)

    def redact(self, request, obj, field: str, key: str = ""):
        self.place(obj, field, key)
        spans = self.input.validated_data["spans"]
        redaction_apply(actor=request.user, obj=obj, field=field, key=key, spans=spans)
        output = {"id": str(obj.pk), "field": field, "key": key, "spans_redacted": len(spans)}
        return Response(RedactionOutput(output).data, status=status.HTTP_201_CREATED)

    def read_input(self, request):
        self.input = RedactionInput(data=request.data)
        self.input.is_valid(raise_exception=True)
        return self.input.validated_data


class _SuggestionsView(_RedactionView):
    serializer_class = SuggestionsOutput


class _RedactionsView(_RedactionView):
    serializer_class = RedactionOutput


def _redactions_schema(*, operation_id: str, summary):
    """The contract both redaction endpoints share: spans to redact in, 201 with what was redacted out."""
    return extend_schema(operation_id=operation_id, summary=summary, request=RedactionInput,
                         responses={201: RedactionOutput, **errors(400, 404, 413, 415)})


class CommentSuggestionsView(_SuggestionsView):
    @extend_schema(operation_id="comments_redaction_suggestions", summary=_("Detected personal data in a comment"),
                   responses={200: SuggestionsOutput, **errors(404)})
    def get(self, request, comment_id):
        return self.suggest(comment_get_for_agent(user=request.user, comment_id=comment_id), "body")


class CommentRedactionsView(_RedactionsView):
    @_redactions_schema(operation_id="comments_redactions_create", summary=_("Redact spans of a comment, irreversibly"))
    def post(self, request, comment_id):
        comment = comment_get_for_agent(user=request.user, comment_id=comment_id)
        self.read_input(request)
        return self.redact(request, comment, "body")


class TicketSuggestionsView(_SuggestionsView):
    @extend_schema(operation_id="tickets_redaction_suggestions", summary=_("Detected personal data in a subject"),
                   description=_("`?field=custom_fields&key=<key>` for a custom field value."),
                   responses={200: SuggestionsOutput, **errors(400, 404)})
    def get(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        field = request.query_params.get("field", "subject")
        return self.suggest(ticket, field, request.query_params.get("key", "") if field == "custom_fields" else "")


class TicketRedactionsView(_RedactionsView):
    @_redactions_schema(operation_id="tickets_redactions_create",
                        summary=_("Redact spans of a subject or custom field"))
    def post(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        data = self.read_input(request)
        field = data.get("field") or "subject"
        return self.redact(request, ticket, field, data.get("key", "") if field == "custom_fields" else "")
