"""Attachments: upload to a ticket, read metadata, download the file itself."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts import roles
from accounts.models import ApiToken
from helpdesk.api.base import ApiView, errors
from helpdesk.api.inputs import AttachmentUploadInput
from helpdesk.api.parsers import BoundedMultiPartParser
from helpdesk.api.serializers import AttachmentSerializer
from helpdesk.api_errors import DataUnavailable
from helpdesk.selectors.conversations import attachment_get_for_agent
from helpdesk.selectors.tickets import ticket_get_for_agent
from helpdesk.services import attachment_add, attachment_read
from privacy.crypto.exceptions import CryptoError

Scope = ApiToken.Scope


class AttachmentApiView(ApiView):
    serializer_class = AttachmentSerializer
    read_scope = Scope.ATTACHMENTS_READ
    write_scope = Scope.ATTACHMENTS_WRITE
    write_role_check = staticmethod(roles.may_edit_tickets)
    write_role_message = _("Your role may not upload attachments.")


@extend_schema(tags=["attachments"])
class TicketAttachmentsView(AttachmentApiView):
    parser_classes = [BoundedMultiPartParser]

    @extend_schema(
        operation_id="tickets_attachments_create",
        summary=_("Upload an attachment"),
        description=_("Send the file as multipart/form-data in the field `file`. Stored encrypted."),
        request={"multipart/form-data": AttachmentUploadInput},
        responses={201: AttachmentSerializer, **errors(400, 404, 413, 415)},
    )
    def post(self, request, code):
        ticket = ticket_get_for_agent(user=request.user, code=code)
        serializer = AttachmentUploadInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = attachment_add(ticket=ticket, upload=serializer.validated_data["file"], actor=request.user)
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["attachments"])
class AttachmentDetailView(AttachmentApiView):
    @extend_schema(
        operation_id="attachments_retrieve",
        summary=_("Get an attachment's metadata"),
        responses={200: AttachmentSerializer, **errors(404)},
    )
    def get(self, request, attachment_id):
        attachment = attachment_get_for_agent(user=request.user, attachment_id=attachment_id)
        self.log_read(action="attachment.view", target=attachment)
        return Response(self.get_serializer(attachment).data)


@extend_schema(tags=["attachments"])
class AttachmentDownloadView(AttachmentApiView):
    """Always a download, never rendered inline: a file a customer sent must not run in our origin."""

    @extend_schema(
        operation_id="attachments_download",
        summary=_("Download an attachment"),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
            **errors(404, 410),
        },
    )
    def get(self, request, attachment_id):
        attachment = attachment_get_for_agent(user=request.user, attachment_id=attachment_id)
        try:
            content = attachment_read(attachment=attachment)
        except (CryptoError, OSError):
            raise DataUnavailable() from None
        self.log_read(action="attachment.download", target=attachment)
        return _file_response(content, attachment)


def _file_response(content: bytes, attachment) -> HttpResponse:
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = _disposition(attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _disposition(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=str(filename)) or "attachment"
