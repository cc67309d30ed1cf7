"""Output serializers: the one place where helpdesk objects become API data.

Every object passes through `PresentedSerializer.to_representation`, which shows each personal
field through the masking presenter: a masked value is sent in its masked form and named in the
object's `masked_fields`. A value whose encryption key is revoked arrives as the `UNAVAILABLE`
marker; it is sent as `null` and its field is named in the object's `unavailable_fields`.
"""

import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from helpdesk.models import Ticket
from privacy.crypto.marker import is_unavailable
from privacy.masking.presenter import presenter_for
from privacy.registry import classification_of

UNAVAILABLE_HELP = _(
    "Names of this object's fields whose value is encrypted under a revoked or unreachable key. "
    "Those fields are null here; the data itself is unavailable, not empty."
)
MASKED_HELP = _(
    "Names of this object's fields shown masked for the caller's role (e.g. `j•••@example.com`). "
    "`POST /api/v1/reveals/` shows one in full for a while, where the role and token may."
)
ENCRYPTED_HELP = _(
    "Null when its encryption key is unavailable (see `unavailable_fields`); masked per the caller's role "
    "(see `masked_fields`)."
)


class PresentedSerializer(serializers.Serializer):
    unavailable_fields = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=UNAVAILABLE_HELP
    )
    masked_fields = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=MASKED_HELP)

    META_FIELDS = ("unavailable_fields", "masked_fields")

    def to_representation(self, instance):
        request = self.context.get("request")
        presenter = presenter_for(request) if request is not None else None
        data, unavailable, masked = {}, [], []
        for field, personal in self._plan(type(instance)):
            try:
                value = self._value(field, personal and presenter, instance, masked)
            except SkipField:
                continue
            if is_unavailable(value):
                unavailable.append(field.field_name)
                value = None
            empty = value is None or (isinstance(value, PKOnlyObject) and value.pk is None)
            data[field.field_name] = None if empty else field.to_representation(value)
        data["unavailable_fields"] = unavailable
        data["masked_fields"] = masked
        return data

    def _plan(self, model) -> list[tuple[serializers.Field, bool]]:
        """The fields to output and whether each holds personal data, worked out once per serializer
        (a list serializer's one child serves every row)."""
        plans = self.__dict__.setdefault("_plans", {})
        plan = plans.get(model)
        if plan is None:
            plan = plans[model] = [
                (field, classification_of(model, field.source) is not None)
                for field in self._readable_fields
                if field.field_name not in self.META_FIELDS
            ]
        return plan

    @staticmethod
    def _value(field, presenter, instance, masked: list[str]):
        """Personal fields go through the caller's presenter; everything else as it is."""
        if not presenter:
            return field.get_attribute(instance)
        shown = presenter.shown(instance, field.source)
        if shown.masked:
            masked.append(field.field_name)
        return shown.value


def encrypted(field_class, **kwargs):
    """A read-only field for an encrypted model field: nullable, documented as such."""
    return field_class(read_only=True, allow_null=True, help_text=ENCRYPTED_HELP, **kwargs)


class TeamRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class AgentRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class CustomerRefSerializer(PresentedSerializer):
    id = serializers.UUIDField(read_only=True)
    name = encrypted(serializers.CharField)
    email = encrypted(serializers.CharField)


class CustomerSerializer(PresentedSerializer):
    id = serializers.UUIDField(read_only=True)
    name = encrypted(serializers.CharField)
    email = encrypted(serializers.CharField)
    phone = encrypted(serializers.CharField)
    external_id = encrypted(serializers.CharField)
    notes = encrypted(serializers.CharField)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    last_activity_at = serializers.DateTimeField(read_only=True, allow_null=True)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagNamesField(serializers.Field):
    """Tag names from the prefetched tags of a ticket."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [tag.name for tag in value.all()]


class TicketSerializer(PresentedSerializer):
    code = serializers.UUIDField(read_only=True, help_text=_("The ticket's id in every URL."))
    number = serializers.IntegerField(read_only=True, help_text=_("The human ticket number, for display."))
    subject = encrypted(serializers.CharField)
    status = serializers.ChoiceField(choices=Ticket.Status.choices, read_only=True)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, read_only=True)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, read_only=True)
    team = TeamRefSerializer(read_only=True, allow_null=True)
    assignee = AgentRefSerializer(read_only=True, allow_null=True)
    requester = CustomerRefSerializer(read_only=True)
    tags = TagNamesField()
    custom_fields = encrypted(serializers.DictField)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    solved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class AttachmentSerializer(PresentedSerializer):
    id = serializers.UUIDField(read_only=True)
    ticket = serializers.UUIDField(source="ticket_id", read_only=True, help_text=_("The ticket's code."))
    comment = serializers.UUIDField(source="comment_id", read_only=True, allow_null=True)
    filename = encrypted(serializers.CharField)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text=_("Size in bytes."))
    created_at = serializers.DateTimeField(read_only=True)
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        path = reverse("api:attachment-download", kwargs={"attachment_id": attachment.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CommentSerializer(PresentedSerializer):
    id = serializers.UUIDField(read_only=True)
    ticket = serializers.UUIDField(source="ticket_id", read_only=True, help_text=_("The ticket's code."))
    is_public = serializers.BooleanField(read_only=True, help_text=_("True for a public reply, false for a note."))
    author_agent = AgentRefSerializer(read_only=True, allow_null=True)
    author_customer = CustomerRefSerializer(read_only=True, allow_null=True)
    body = encrypted(serializers.CharField)
    body_html = encrypted(serializers.CharField)
    attachments = AttachmentSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


@functools.cache
def shown_fields(serializer_class) -> tuple[str, ...]:
    """The field names an access-log event records as shown (fixed per class, so worked out once)."""
    return tuple(sorted(name for name in serializer_class().fields if name != "unavailable_fields"))
