"""Query-string filters of the list endpoints, validated like any other input (bad value = 400)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.models import Ticket
from helpdesk.selectors.search import MAX_QUERY_LENGTH

# Control characters (NUL included) other than tab and line breaks: nothing a person types into a search.
NO_CONTROL_CHARACTERS = RegexValidator(
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$",
    message=_("Control characters are not allowed in a search."),
)


class QueryInput(serializers.Serializer):
    """A parameter given with no value (`?email=`) is an error: DRF would otherwise skip it as absent,
    so a caller who meant to filter would silently get everything."""

    def to_internal_value(self, data):
        blank = sorted(name for name in self.fields if "" in _values(data, name))
        if blank:
            message = _("Give a value, or leave the parameter out.")
            raise serializers.ValidationError({name: [message] for name in blank})
        return super().to_internal_value(data)


def _values(data, name: str) -> list:
    if hasattr(data, "getlist"):
        return data.getlist(name)
    return [data[name]] if name in data else []


def search_field(help_text: str) -> serializers.CharField:
    """`q`: 1 to 200 characters of text, not only spaces, no control characters."""
    return serializers.CharField(
        max_length=MAX_QUERY_LENGTH, required=False, validators=[NO_CONTROL_CHARACTERS], help_text=help_text
    )


class TicketFilters(QueryInput):
    status = serializers.MultipleChoiceField(
        choices=Ticket.Status.choices,
        required=False,
        help_text=_("Repeat to match any of several."),
    )
    priority = serializers.MultipleChoiceField(
        choices=Ticket.Priority.choices,
        required=False,
        help_text=_("Repeat to match any of several."),
    )
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices, required=False)
    team = serializers.UUIDField(required=False, help_text=_("A team id."))
    assignee = serializers.UUIDField(required=False, help_text=_("An agent's id."))
    requester = serializers.UUIDField(required=False, help_text=_("A customer id."))
    tag = serializers.CharField(max_length=50, required=False, help_text=_("A tag name."))
    q = search_field(
        _(
            "Search: a ticket number, a customer's exact email, phone or external id, or words that must all "
            "occur in the subject, a comment or the customer's name. At most 100 matches."
        )
    )
    updated_since = serializers.DateTimeField(required=False, help_text=_("ISO 8601; changed at or after it."))

    def apply(self, queryset):
        """Narrow an already scoped queryset; only plain (unencrypted) columns are filtered on (`q` is
        answered by the view through the blind indexes)."""
        data = self.validated_data
        lookups = {
            "status__in": data.get("status"),
            "priority__in": data.get("priority"),
            "channel": data.get("channel"),
            "team_id": data.get("team"),
            "assignee_id": data.get("assignee"),
            "requester_id": data.get("requester"),
            "tags__name": data.get("tag", "").strip().lower() or None,
            "updated_at__gte": data.get("updated_since"),
        }
        return queryset.filter(**{key: value for key, value in lookups.items() if value})


class CustomerLookupInput(QueryInput):
    email = serializers.EmailField(
        max_length=254,
        required=False,
        help_text=_("Exact, case-insensitive e-mail lookup."),
    )
    q = search_field(_("Search: exact email, phone or external id, or words of the name. At most 100 matches."))
