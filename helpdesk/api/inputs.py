"""Input serializers: they check shape and types only. Business rules live in helpdesk.services."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Team, User
from helpdesk.models import Customer, Organization, Ticket
from helpdesk.selectors.customers import customers_visible_to
from helpdesk.services.comments import MAX_BODY_LENGTH

MAX_TAGS = 20
MAX_CUSTOM_FIELDS = 50
MAX_NOTES_LENGTH = 10_000


class Text(serializers.CharField):
    """A string, and only a string: a number or a boolean where text belongs is a mistake worth a 400."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictInput(serializers.Serializer):
    """Rejects fields it does not know, so a typo or a read-only field is an error, not a no-op."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


class PartialInput(StrictInput):
    """A PATCH body: every field optional, at least one present."""

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return attrs


def _tags_field():
    return serializers.ListField(
        child=Text(max_length=50),
        max_length=MAX_TAGS,
        required=False,
        help_text=_("Tag names: letters, digits, '-' or '_'. Replaces the ticket's tags."),
    )


def _custom_fields_field():
    return serializers.DictField(
        required=False,
        help_text=_("Values of admin-defined fields, keyed by field key."),
    )


def _check_custom_fields(value: dict) -> dict:
    if len(value) > MAX_CUSTOM_FIELDS:
        raise serializers.ValidationError(_("At most %(count)d fields.") % {"count": MAX_CUSTOM_FIELDS})
    return value


class RequesterContactInput(StrictInput):
    email = serializers.EmailField(max_length=254)
    name = Text(max_length=200, required=False, allow_blank=True, default="")


class TicketCreateInput(StrictInput):
    subject = Text(max_length=250)
    body = Text(max_length=MAX_BODY_LENGTH, help_text=_("The first message, plain text."))
    body_html = Text(max_length=2 * MAX_BODY_LENGTH, required=False, allow_blank=True, default="")
    requester_id = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.none(),
        required=False,
        help_text=_("An existing customer's id. Give this or `requester`."),
    )
    requester = RequesterContactInput(
        required=False,
        help_text=_("Find or create the customer by e-mail. Give this or `requester_id`."),
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Defaults to the caller's first team."),
    )
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, default=Ticket.Priority.NORMAL)
    tags = _tags_field()
    custom_fields = _custom_fields_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["requester_id"].queryset = customers_visible_to(user)

    def validate_custom_fields(self, value):
        return _check_custom_fields(value)

    def validate(self, attrs):
        if ("requester_id" in attrs) == ("requester" in attrs):
            raise serializers.ValidationError({"requester": [_("Give exactly one of `requester_id` or `requester`.")]})
        return attrs


class TicketUpdateInput(PartialInput):
    subject = Text(max_length=250, required=False)
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_service=False),
        required=False,
        allow_null=True,
        help_text=_("An agent's id, or null to unassign."),
    )
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)
    tags = _tags_field()
    custom_fields = _custom_fields_field()

    def validate_custom_fields(self, value):
        return _check_custom_fields(value)


class CommentCreateInput(StrictInput):
    body = Text(max_length=MAX_BODY_LENGTH, help_text=_("Plain text."))
    body_html = Text(
        max_length=2 * MAX_BODY_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Optional HTML; sanitized before it is stored."),
    )
    is_public = serializers.BooleanField(
        help_text=_("True: a public reply e-mailed to the customer. False: an internal note."),
    )


class CustomerCreateInput(StrictInput):
    name = Text(max_length=200)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    phone = Text(max_length=64, required=False, allow_blank=True, default="")
    external_id = Text(max_length=100, required=False, allow_blank=True, default="")
    notes = Text(max_length=MAX_NOTES_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None
    )


class CustomerUpdateInput(PartialInput):
    name = Text(max_length=200, required=False)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = Text(max_length=64, required=False, allow_blank=True)
    external_id = Text(max_length=100, required=False, allow_blank=True)
    notes = Text(max_length=MAX_NOTES_LENGTH, required=False, allow_blank=True, trim_whitespace=False)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )


class AttachmentUploadInput(StrictInput):
    file = serializers.FileField(help_text=_("The file, as multipart/form-data."))
