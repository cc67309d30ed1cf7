"""Which ticket a message belongs to, if any.

A candidate comes from a signed reply token in the recipients or from our records of the
Message-IDs it answers. The candidate is only accepted when the sender is a participant of that
ticket, our server did not see their domain fail DMARC, and the ticket is not closed; otherwise
the message opens a new ticket and the agent sees why.
"""

from dataclasses import dataclass

from helpdesk.inbound import auth_results, tokens
from helpdesk.inbound.parse import ParsedMessage, digest


@dataclass
class Decision:
    ticket: object = None  # the ticket to add to
    claimed: object = None  # a ticket the message pointed at but may not join
    forged_token: bool = False


def resolve(message: ParsedMessage, sender) -> Decision:
    candidate, forged = _candidate(message)
    decision = Decision(forged_token=forged)
    if candidate is None:
        return decision
    if _may_join(message, sender, candidate):
        decision.ticket = candidate
    elif not _is_participant(sender, candidate) or "dmarc" in _failed(message):
        decision.claimed = candidate
    return decision


def _candidate(message: ParsedMessage):
    from helpdesk.models import EmailMessageRecord

    forged = False
    for token in tokens.tokens_in(message.recipients):
        ticket, verdict = tokens.ticket_for_token(token)
        if ticket is not None:
            return ticket, forged
        forged = forged or verdict == "forged"
    hashes = [digest(mid) for mid in [*message.in_reply_to, *message.references]]
    record = (
        EmailMessageRecord.objects.filter(message_id_hash__in=hashes, ticket__isnull=False)
        .select_related("ticket__requester").order_by("-created_at").first()
        if hashes else None
    )
    return (record.ticket if record else None), forged


def _failed(message: ParsedMessage) -> list[str]:
    return auth_results.failed_checks(message.headers.get("authentication-results", []))


def _is_participant(sender, ticket) -> bool:
    if sender is None:
        return False
    return ticket.requester_id == sender.pk or ticket.comments.filter(author_customer=sender).exists()


def _may_join(message: ParsedMessage, sender, ticket) -> bool:
    from helpdesk.models import Ticket

    return (
        _is_participant(sender, ticket)
        and "dmarc" not in _failed(message)
        and ticket.status != Ticket.Status.CLOSED
    )
