"""`/api/v1/access-events/`: read-only, cursor-paginated access log for SIEM pulls."""

from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from audit import selectors, services
from audit.forms import EventFilterForm
from audit.models import AccessEvent


class AccessEventSerializer(serializers.ModelSerializer):
    query_classes = serializers.ListField(source="classes", child=serializers.CharField(), read_only=True)

    class Meta:
        model = AccessEvent
        fields = [
            "id", "occurred_at", "actor_id", "actor_role", "actor_teams", "action", "target_type", "target_id",
            "customer_id", "fields_shown", "channel", "ip", "country", "city", "user_agent", "request_id",
            "outcome", "result_count", "query_classes", "metadata", "hash",
        ]
        read_only_fields = fields


class SequenceCursorPagination(CursorPagination):
    """Newest first by sequence number; `?ordering=id` pulls oldest first for incremental SIEM reads."""

    ordering = "-id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_ordering(self, request, queryset, view):
        return ("id",) if request.query_params.get("ordering") == "id" else ("-id",)


class IsReviewer(permissions.BasePermission):
    """Compliance officers and admins, by session or by a token bound to one of those roles."""

    def has_permission(self, request, view) -> bool:
        if not selectors.may_review(request.user):
            raise NotFound
        return True


class AccessEventList(generics.ListAPIView):
    serializer_class = AccessEventSerializer
    pagination_class = SequenceCursorPagination
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    def get_queryset(self):
        form = EventFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return selectors.events_filtered(user=self.request.user, filters=form.cleaned_data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        services.record_event(action="access_log.api_read", actor=request.user,
                              result_count=len(response.data.get("results", [])))
        return response
