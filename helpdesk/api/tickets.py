"""/api/v1/tickets/: list with filters, create, retrieve, partial update."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts import roles
from accounts.models import ApiToken, Team
from helpdesk.api.base import ApiView, errors
from helpdesk.api.filters import TicketFilters
from helpdesk.api.inputs import TicketCreateInput, TicketUpdateInput
from helpdesk.api.serializers import TicketSerializer, with_tag_names
from helpdesk.api_pagination import TicketCursorPagination
from helpdesk.models import Ticket
from helpdesk.selectors.search import search_tickets
from helpdesk.selectors.tickets import ticket_get_for_agent, tickets_visible_to
from helpdesk.services import customer_for_email, ticket_create, ticket_update

Scope = ApiToken.Scope
SEARCH_LIMIT = 100


class TicketApiView(ApiView):
    serializer_class = TicketSerializer
    read_scope = Scope.TICKETS_READ
    write_scope = Scope.TICKETS_WRITE
    write_role_check = staticmethod(roles.may_edit_tickets)
    write_role_message = _("Your role may read tickets and add internal notes, not create or change tickets.")


@extend_schema(tags=["tickets"])
class TicketListView(TicketApiView):
    pagination_class = TicketCursorPagination

    @extend_schema(
        operation_id="tickets_list",
        summary=_("List tickets"),
        description=_("Tickets visible to the caller, most recently updated first."),
        parameters=[TicketFilters],
        responses={200: TicketSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        filters = TicketFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = filters.apply(
            with_tag_names(tickets_visible_to(request.user).select_related("requester", "team", "assignee"))
        )
        query = filters.validated_data.get("q", "").strip()
        if query:
            found = search_tickets(user=request.user, query=query, limit=SEARCH_LIMIT)
            queryset = queryset.filter(code__in=[ticket.code for ticket in found])
        page = self.paginate_queryset(queryset)
        self.log_read(
            action="search" if query else "ticket.list",
            target_type=Ticket._meta.label,
            result_count=len(page),
            query=query or None,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="tickets_create",
        summary=_("Create a ticket"),
        description=_(
            "Opens a ticket on the `api` channel with its first message. The requester is an existing "
            "customer (`requester_id`) or found or created by e-mail (`requester`)."
        ),
        request=TicketCreateInput,
        responses={201: TicketSerializer, **errors(400, 413, 415)},
    )
    def post(self, request):
        serializer = TicketCreateInput(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            ticket = ticket_create(
                requester=data.get("requester_id") or customer_for_email(**data["requester"]),
                subject=data["subject"],
                body=data["body"],
                body_html=data["body_html"],
                channel=Ticket.Channel.API,
                actor=request.user,
                team=data["team"] if "team" in data else _default_team(request.user),
                priority=data["priority"],
                tags=data.get("tags", []),
                custom_fields=data.get("custom_fields"),
            )
        return Response(self.get_serializer(ticket).data, status=status.HTTP_201_CREATED)


def _default_team(user) -> Team | None:
    """A ticket created without a team goes to the caller's first team, so the caller can still see it."""
    return Team.objects.filter(pk__in=user.team_ids()).first()


@extend_schema(tags=["tickets"])
class TicketDetailView(TicketApiView):
    @extend_schema(
        operation_id="tickets_retrieve", summary=_("Get a ticket"), responses={200: TicketSerializer, **errors(404)}
    )
    def get(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        self.log_read(action="ticket.view", target=ticket)
        return Response(self.get_serializer(ticket).data)

    @extend_schema(
        operation_id="tickets_partial_update",
        summary=_("Change a ticket"),
        description=_("Change any of status, priority, assignee, team, tags, custom fields and subject."),
        request=TicketUpdateInput,
        responses={200: TicketSerializer, **errors(400, 404, 413, 415)},
    )
    def patch(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        serializer = TicketUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = ticket_update(ticket=ticket, actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(ticket).data)
