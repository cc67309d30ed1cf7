"""/api/v1/reveals/: show one masked field in full for a while, with a recorded reason."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.models import ApiToken
from helpdesk.api.base import ApiView, errors
from helpdesk.api.inputs import StrictInput, Text
from privacy.masking.models import RevealGrant
from privacy.masking.services import reveal_create
from privacy.registry import declaration_by_label

OBJECTS = {
    "customer": "helpdesk.Customer",
    "ticket": "helpdesk.Ticket",
    "comment": "helpdesk.Comment",
    "attachment": "helpdesk.Attachment",
}


class RevealInput(StrictInput):
    object = serializers.ChoiceField(choices=sorted(OBJECTS), help_text=_("The kind of object."))
    id = serializers.UUIDField(help_text=_("The object's id (a ticket's `code`)."))
    field = Text(max_length=64, help_text=_("A field named in the object's `masked_fields`."))
    reason = serializers.ChoiceField(choices=RevealGrant.Reason.choices)
    explanation = Text(max_length=500, required=False, allow_blank=True, help_text=_("Required with reason `other`."))


class RevealOutput(serializers.Serializer):
    object = serializers.CharField()
    id = serializers.UUIDField()
    field = serializers.CharField()
    value = serializers.JSONField(help_text=_("The value in full."))
    expires_at = serializers.DateTimeField(help_text=_("Until then the field is also shown unmasked in reads."))


@extend_schema(tags=["reveals"])
class RevealView(ApiView):
    serializer_class = RevealOutput
    read_scope = ApiToken.Scope.REVEAL
    write_scope = ApiToken.Scope.REVEAL

    @extend_schema(
        operation_id="reveals_create",
        summary=_("Reveal a masked value"),
        description=_(
            "Where the caller's role may reveal the field and an admin lets API tokens reveal, returns the "
            "value in full and shows it unmasked in reads until `expires_at`. Needs the `pii:reveal` scope. "
            "Every reveal, and every refusal, is recorded in the access log with its reason."
        ),
        request=RevealInput,
        responses={201: RevealOutput, **errors(400, 404, 413, 415)},
    )
    def post(self, request):
        data = RevealInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        declaration = declaration_by_label(OBJECTS[values["object"]])
        obj = declaration.lookup(user=request.user, pk=values["id"])
        if values["field"] not in declaration.fields:
            raise serializers.ValidationError({"field": [_("This field holds no personal data to reveal.")]})
        grant = reveal_create(
            user=request.user,
            obj=obj,
            field=values["field"],
            reason=values["reason"],
            explanation=values.get("explanation", ""),
            via_token=isinstance(request.auth, ApiToken),
        )
        output = {**{key: values[key] for key in ("object", "id", "field")},
                  "value": getattr(obj, values["field"]), "expires_at": grant.expires_at}
        return Response(RevealOutput(output).data, status=status.HTTP_201_CREATED)
