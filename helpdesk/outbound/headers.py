"""Message-IDs and threading headers of the mail we send, so the customer's client threads it."""

import uuid

from helpdesk.inbound import conf

MAX_REFERENCES = 10


def new_message_id() -> str:
    return f"<sealdesk.{uuid.uuid4().hex}@{conf.support_domain() or 'sealdesk.invalid'}>"


def thread_root(ticket) -> str:
    """A stable id every message of the ticket refers to, even when no earlier id is known."""
    return f"<ticket.{ticket.code.hex}@{conf.support_domain() or 'sealdesk.invalid'}>"


def thread_headers(ticket, message_id: str) -> dict[str, str]:
    from helpdesk.models import EmailMessageRecord

    known = [
        str(record.message_id)
        for record in EmailMessageRecord.objects.filter(ticket=ticket, outcome__in=("stored", "sent"))
        .select_related("ticket").order_by("-created_at")[:MAX_REFERENCES]
        if str(record.message_id).startswith("<")
    ]
    known.reverse()
    headers = {"Message-ID": message_id, "References": " ".join([thread_root(ticket), *known])}
    headers["In-Reply-To"] = known[-1] if known else thread_root(ticket)
    return headers
