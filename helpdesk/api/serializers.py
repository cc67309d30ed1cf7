"""Output serializers: the one place where helpdesk objects become API data.

Every object passes through `PresentedSerializer.to_representation`, which shows each personal
field through the masking presenter: a masked value is sent in its masked form and named in the
object's `masked_fields`. A value whose encryption key is revoked arrives as the `UNAVAILABLE`
marker; it is sent as `null` and its field is named in the object's `unavailable_fields`.
"""

import functools
import inspect
from operator import attrgetter, methodcaller

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Prefetch, QuerySet
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


class PlannedSerializer(serializers.Serializer):
    """Gives what DRF's `Serializer` gives, from a plan worked out once per serializer and model (a
    list serializer's one child serves every row): plain columns are read straight off the row,
    everything else through its field as DRF does."""

    META_FIELDS: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = {}
        for name, read, represent, _personal in self._plan(type(instance)):
            try:
                value = read(instance)
            except SkipField:
                continue
            data[name] = None if _empty(value) else represent(value)
        return data

    def _plan(self, model) -> list[tuple]:
        """(name, read, represent, personal) per output field; `personal` is the source of a field
        that holds personal data, else ""."""
        plans = self.__dict__.setdefault("_plans", {})
        plan = plans.get(model)
        if plan is None:
            plan = plans[model] = [
                (field.field_name, _reader(model, field), field.to_representation,
                 field.source if classification_of(model, field.source) is not None else "")
                for field in self._readable_fields
                if field.field_name not in self.META_FIELDS
            ]
        return plan


def _reader(model, field):
    """A model column's value is the attribute itself, a method without arguments is called (DRF
    would inspect its signature on every row); anything else (relations, `*`) goes through DRF's
    lookup with its fallbacks."""
    if not issubclass(model, Model) or len(field.source_attrs) != 1:
        return field.get_attribute
    if _plain_method(getattr(model, field.source, None)):
        return methodcaller(field.source)
    try:
        column = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return field.get_attribute
    return attrgetter(field.source) if column.concrete and not column.is_relation else field.get_attribute


def _plain_method(attribute) -> bool:
    return inspect.isfunction(attribute) and list(inspect.signature(attribute).parameters) == ["self"]


def _empty(value) -> bool:
    return value is None or (isinstance(value, PKOnlyObject) and value.pk is None)


class PresentedSerializer(PlannedSerializer):
    unavailable_fields = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=UNAVAILABLE_HELP
    )
    masked_fields = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=MASKED_HELP)

    META_FIELDS = ("unavailable_fields", "masked_fields")

    def to_representation(self, instance):
        request = self.context.get("request")
        presenter = presenter_for(request) if request is not None else None
        data, unavailable, masked = {}, [], []
        for name, read, represent, personal in self._plan(type(instance)):
            try:
                if personal and presenter is not None:
                    value = self._shown(presenter, instance, personal, name, masked)
                else:
                    value = read(instance)
            except SkipField:
                continue
            if is_unavailable(value):
                unavailable.append(name)
                value = None
            data[name] = None if _empty(value) else represent(value)
        data["unavailable_fields"] = unavailable
        data["masked_fields"] = masked
        return data

    @staticmethod
    def _shown(presenter, instance, source: str, name: str, masked: list[str]):
        """Personal fields go through the caller's presenter."""
        shown = presenter.shown(instance, source)
        if shown.masked:
            masked.append(name)
        return shown.value


def encrypted(field_class, **kwargs):
    """A read-only field for an encrypted model field: nullable, documented as such."""
    return field_class(read_only=True, allow_null=True, help_text=ENCRYPTED_HELP, **kwargs)


class TeamRefSerializer(PlannedSerializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class AgentRefSerializer(PlannedSerializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)


class OrganizationRefSerializer(PlannedSerializer):
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


def with_tag_names(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Fetch the tickets' tags in one query as plain lists: a list view then builds no related
    manager and queryset per row, as prefetching `tags` itself would."""
    return tickets.prefetch_related(Prefetch("tags", to_attr="tag_list"))


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TagNamesField(serializers.Field):
    """Tag names of a ticket, from `with_tag_names` or else its (prefetched) tags."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, ticket):
        tags = getattr(ticket, "tag_list", None)
        return [tag.name for tag in (ticket.tags.all() if tags is None else tags)]


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
