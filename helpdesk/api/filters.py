"""Query-string filters of the ticket list, validated like any other input (bad value = 400)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.models import Ticket


class TicketFilters(serializers.Serializer):
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
    q = serializers.CharField(
        max_length=200,
        required=False,
        help_text=_(
            "Search: a ticket number, a customer's exact email, phone or external id, or words that must all "
            "occur in the subject, a comment or the customer's name. At most 100 matches."
        ),
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
