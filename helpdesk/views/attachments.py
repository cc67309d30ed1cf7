"""Attachments: uploaded from the ticket sidebar, downloaded only through the ticket's visibility."""

import re
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helpdesk.access_log import record_read
from helpdesk.forms import AttachmentForm
from helpdesk.selectors.conversations import attachment_get_for_agent
from helpdesk.services import attachment_add, attachment_read
from helpdesk.views.common import ticket_role_required
from helpdesk.views.tickets import ticket_action
from privacy.crypto.exceptions import CryptoError

_UNSAFE_IN_QUOTES = re.compile(r'[^\x20-\x7e]|["\\]')
# Served with their own type; anything else (scripts, HTML, SVG, ...) as opaque bytes, so that with
# nosniff no browser runs it as a script or stylesheet even when a page of ours points at it.
INERT_CONTENT_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"})


@require_POST
@ticket_role_required
def upload(request, code):
    return ticket_action(
        request, code, form_class=AttachmentForm, slot="attachment_form",
        change=lambda ticket, data: attachment_add(ticket=ticket, upload=data["file"], actor=request.user),
        done=_("File attached."),
    )


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback for old clients plus the exact name as UTF-8 in filename*."""
    fallback = _UNSAFE_IN_QUOTES.sub("_", filename) or "attachment"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_GET
@ticket_role_required
def download(request, attachment_id):
    attachment = attachment_get_for_agent(user=request.user, attachment_id=attachment_id)
    try:
        data = attachment_read(attachment=attachment)
    except (CryptoError, OSError):
        context = {"status": 410, "title": _("File unavailable"), "detail": _("This file cannot be read any more.")}
        return render(request, "error.html", context, status=410)
    record_read(action="attachment.download", actor=request.user, target=attachment, fields_shown=["content"])
    content_type = attachment.content_type if attachment.content_type in INERT_CONTENT_TYPES else None
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(str(attachment.filename or "attachment"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
