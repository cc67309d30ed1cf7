"""Reads of helpdesk data, recorded with the context the access-log detectors and filters need:
whose data it is, which team the ticket belongs to, how old it is. Never the content itself."""

from django.utils import timezone

from audit.services import CUSTOMER_KEY, DATA_TYPE_KEY, TARGET_AGE_KEY, TARGET_TEAM_KEY, record_event
from helpdesk.models import Attachment, Comment, Customer, Ticket


def _ticket_context(ticket: Ticket) -> dict:
    return {
        CUSTOMER_KEY: str(ticket.requester_id),
        TARGET_TEAM_KEY: str(ticket.team_id) if ticket.team_id else "",
        TARGET_AGE_KEY: (timezone.now() - ticket.created_at).days,
        DATA_TYPE_KEY: f"ticket:{ticket.channel}",
    }


def target_context(target) -> dict:
    if isinstance(target, Ticket):
        return _ticket_context(target)
    if isinstance(target, Comment | Attachment):
        return {**_ticket_context(target.ticket), DATA_TYPE_KEY: target._meta.model_name}
    if isinstance(target, Customer):
        return {CUSTOMER_KEY: str(target.pk), DATA_TYPE_KEY: "customer"}
    return {}


def record_read(*, actor, action: str, target=None, fields_shown=(), result_count=None, target_type: str = "",
                query: str | None = None):
    """One access-log event for one read (a page, an API response, a download or a search)."""
    return record_event(
        action=action,
        actor=actor,
        target=target,
        target_type=target_type,
        fields_shown=list(fields_shown),
        result_count=result_count,
        metadata=target_context(target),
        query=query,
    )
