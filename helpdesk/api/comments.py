"""/api/v1/tickets/<code>/comments/: the conversation of a ticket, and new replies or notes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.models import ApiToken
from helpdesk.api.base import ApiView, errors
from helpdesk.api.inputs import CommentCreateInput
from helpdesk.api.serializers import CommentSerializer
from helpdesk.api_pagination import CommentCursorPagination
from helpdesk.models import Comment
from helpdesk.selectors.tickets import ticket_get_for_agent
from helpdesk.services import comment_create


@extend_schema(tags=["comments"])
class TicketCommentsView(ApiView):
    """Light agents may read and add internal notes; the comment service refuses their public replies."""

    serializer_class = CommentSerializer
    pagination_class = CommentCursorPagination
    read_scope = ApiToken.Scope.TICKETS_READ
    write_scope = ApiToken.Scope.TICKETS_WRITE

    @extend_schema(
        operation_id="tickets_comments_list",
        summary=_("List a ticket's comments"),
        description=_("Public replies and internal notes, oldest first."),
        responses={200: CommentSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        comments = ticket.comments.select_related("author_agent", "author_customer").prefetch_related("attachments")
        page = self.paginate_queryset(comments)
        self.log_read(action="comment.list", target_type=Comment._meta.label, result_count=len(page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="tickets_comments_create",
        summary=_("Reply or add an internal note"),
        description=_("A public reply is e-mailed to the customer. Light-agent tokens may add internal notes only."),
        request=CommentCreateInput,
        responses={201: CommentSerializer, **errors(400, 404, 413, 415)},
    )
    def post(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        serializer = CommentCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_create(ticket=ticket, author_agent=request.user, **serializer.validated_data)
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)
