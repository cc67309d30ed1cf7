"""`/api/v1/access-events/`: read-only, cursor-paginated access log for SIEM pulls."""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.settings import api_settings

from audit import selectors, services
from audit.forms import EventFilterForm, UTCDateTimeField
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


class SequenceCursorPagination(api_settings.DEFAULT_PAGINATION_CLASS):
    """Newest first by sequence number; `?ordering=id` pulls oldest first for incremental SIEM reads.

    Built on the project's API pagination (a setting, so nothing here imports the apps above audit):
    a bad `cursor` or `page_size` is a 400 naming the parameter.
    """

    ordering = "-id"
    page_size = 100
    max_page_size = 1000
    page_size_query_description = _("Results per page, 1 to 1000 (default 100).")

    def get_ordering(self, request, queryset, view):
        return ("id",) if request.query_params.get("ordering") == "id" else ("-id",)

    def paginate_queryset(self, queryset, request, view=None):
        """Page through ids only (see selectors.events_by_id), then load the page's rows."""
        page = super().paginate_queryset(queryset.only("id"), request, view)
        return None if page is None else selectors.events_by_id([event.id for event in page])


ACCESS_LOG_SCOPE = "access_log:read"


class MissingAccessLogScope(PermissionDenied):
    default_code = "missing_scope"

    def __init__(self):
        self.scope = ACCESS_LOG_SCOPE
        super().__init__(_("This token lacks the scope %(scope)s.") % {"scope": ACCESS_LOG_SCOPE})


class IsReviewer(permissions.BasePermission):
    """Compliance officers and admins, by session or by a token bound to one of those roles that was
    granted the `access_log:read` scope (an integration reads the log only if it was meant to)."""

    def has_permission(self, request, view) -> bool:
        if not selectors.may_review(request.user):
            raise NotFound
        scopes = getattr(request.auth, "scopes", None)  # a bearer token; None for a session
        if scopes is not None and ACCESS_LOG_SCOPE not in scopes:
            raise MissingAccessLogScope
        return True


class AccessEventErrorSerializer(serializers.Serializer):
    """The project's JSON error body; `fields` names each invalid query parameter."""

    error = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    missing_scope = serializers.CharField(required=False)


ORDERINGS = ("-id", "id")
_FILTER_TYPES = {
    forms.UUIDField: (OpenApiTypes.UUID, None),
    UTCDateTimeField: (OpenApiTypes.DATETIME, None),
}


def _filter_parameters() -> list[OpenApiParameter]:
    """The filters of EventFilterForm (the same the compliance pages use), as query parameters."""
    parameters = []
    for name, field in EventFilterForm.base_fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue  # the pages' own paging marker; the API pages by cursor
        kind, enum = _FILTER_TYPES.get(type(field), (OpenApiTypes.STR, None))
        if isinstance(field, forms.ChoiceField):
            enum = [value for value, _label in field.choices if value]
        parameters.append(OpenApiParameter(name, kind, enum=enum, description=str(field.label)))
    parameters.append(OpenApiParameter(
        "ordering", OpenApiTypes.STR, enum=list(ORDERINGS),
        description=_("-id (default): newest first; id: oldest first, for incremental pulls."),
    ))
    return parameters


@extend_schema(
    parameters=_filter_parameters(),
    responses={
        200: AccessEventSerializer(many=True),
        400: OpenApiResponse(AccessEventErrorSerializer, _("A filter, `page_size` or `cursor` is invalid.")),
        401: OpenApiResponse(AccessEventErrorSerializer, _("Not signed in and no valid token.")),
        403: OpenApiResponse(AccessEventErrorSerializer, _("The token lacks the scope access_log:read.")),
        404: OpenApiResponse(AccessEventErrorSerializer, _("The caller is neither a compliance officer nor an admin.")),
    }
)
class AccessEventList(generics.ListAPIView):
    serializer_class = AccessEventSerializer
    pagination_class = SequenceCursorPagination
    permission_classes = [permissions.IsAuthenticated, IsReviewer]

    def get_queryset(self):
        params = self.request.query_params
        blank = sorted(name for name in (*EventFilterForm.base_fields, "ordering") if name in params
                       and not params[name].strip())
        if blank:  # the pages' form reads an empty field as "any"; an API caller meant to filter
            raise ValidationError({name: [_("Give a value, or leave the parameter out.")] for name in blank})
        form = EventFilterForm(params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        if params.get("ordering", "-id") not in ORDERINGS:
            raise ValidationError({"ordering": [_("Use id (oldest first) or -id (newest first).")]})
        return selectors.events_filtered(user=self.request.user, filters=form.cleaned_data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        services.record_event(action="access_log.api_read", actor=request.user,
                              result_count=len(response.data.get("results", [])))
        return response
