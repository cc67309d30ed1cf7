"""One message in, one ticket or comment out: the single entry point of every inbound path.

`store_message` raises `Refused` (with a bounce text) or returns what it did. Everything it writes
happens in one transaction, so a caller that marks a message as done only after this returns
never loses one.
"""

import logging
import mimetypes
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.inbound import conf, hints, quotes, safety, threading
from helpdesk.inbound import html as html_tools
from helpdesk.inbound.approvals import change_approval_open
from helpdesk.inbound.parse import ParsedMessage, parse
from helpdesk.inbound.redaction import redact_incoming
from helpdesk.inbound.safety import Refused
from helpdesk.models import Comment, Customer, EmailMessageRecord, Organization, Ticket
from helpdesk.selectors.customers import customer_find_by_email
from helpdesk.services import attachment_add, comment_create, customer_for_email, ticket_create
from helpdesk.services.comments import MAX_BODY_LENGTH

logger = logging.getLogger(__name__)
MAX_HTML_LENGTH = 1_000_000
Outcome = EmailMessageRecord.Outcome


@dataclass
class Result:
    outcome: str  # "stored", "duplicate" or "ignored"
    reason: str = ""
    ticket: Ticket | None = None
    comment: Comment | None = None
    created_ticket: bool = False


class Upload:
    """What `attachment_add` reads: a name and the bytes in chunks."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data, self.size = name, data, len(data)

    def chunks(self, chunk_size: int = 64 * 1024):
        for start in range(0, len(self.data), chunk_size):
            yield self.data[start : start + chunk_size]


def store_message(raw: bytes, *, mailbox=None) -> Result:
    safety.check_size(len(raw))
    message = parse(raw)
    if not message.from_address:
        raise Refused("no_sender", _("Message refused: it has no valid sender address."))
    automatic = safety.automatic_kind(message)
    if automatic == "bounce":
        return _record_only(message, mailbox, reason="bounce")
    safety.check_parts(message.parts)
    try:
        return _store(message, mailbox, automatic)
    except ValidationError as error:
        logger.info("inbound message refused as invalid", extra={"fields": sorted(getattr(error, "error_dict", {}))})
        raise Refused("invalid", _("Message refused: it could not be read as a support request.")) from None


def record_refusal(raw_head: bytes, refused: Refused, *, mailbox=None) -> str:
    """Remember a refused message once; returns the sender to notify, or '' (known, automatic, none)."""
    message = parse(raw_head)
    _, created = EmailMessageRecord.objects.get_or_create(
        message_id_hash=message.message_id_hash,
        defaults={"direction": "in", "outcome": Outcome.REFUSED, "reason": refused.reason, "mailbox": mailbox},
    )
    if not created or safety.automatic_kind(message):
        return ""
    return message.from_address


def _record_only(message: ParsedMessage, mailbox, *, reason: str) -> Result:
    _, created = EmailMessageRecord.objects.get_or_create(
        message_id_hash=message.message_id_hash,
        defaults={"direction": "in", "outcome": Outcome.IGNORED, "reason": reason, "mailbox": mailbox,
                  "size": message.raw_size},
    )
    return Result("ignored" if created else "duplicate", reason)


@transaction.atomic
def _store(message: ParsedMessage, mailbox, automatic: str) -> Result:
    record = EmailMessageRecord(message_id_hash=message.message_id_hash, direction="in", outcome=Outcome.STORED,
                                mailbox=mailbox, size=message.raw_size)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        return Result("duplicate")
    sender = customer_find_by_email(message.from_address)
    decision = threading.resolve(message, sender)
    if automatic and decision.ticket is None:
        record.outcome, record.reason = Outcome.IGNORED, automatic
        record.save(update_fields=["outcome", "reason"])
        return Result("ignored", automatic)
    subject, text, html = redact_incoming(**_content(message))
    ticket, comment, created = _write(message, mailbox, decision, sender, subject=subject, text=text, html=html)
    _attach(message, ticket, comment)
    known = _known_domains(decision.claimed or decision.ticket)
    found = hints.compute(message, text=text, known_domains=known, claimed_ticket=decision.claimed)
    if decision.forged_token:
        found.append({"code": "forged_token"})
    record.ticket, record.comment, record.hints, record.message_id = ticket, comment, found, message.message_id
    record.save()
    _open_approval(comment, found)
    return Result("stored", "", ticket, comment, created)


def _content(message: ParsedMessage) -> dict:
    text = quotes.strip_quoted(message.text)
    if len(text) > MAX_BODY_LENGTH:
        text = text[: MAX_BODY_LENGTH - 100] + "\n\n" + _("[message shortened]")
    html = html_tools.clean(html_tools.strip_quote(message.html)) if message.html else ""
    if len(html) > MAX_HTML_LENGTH:
        html = ""
    return {
        "subject": message.subject or _("(no subject)"),
        "text": text.strip() or _("(no text)"),
        "html": html,
    }


def _write(message, mailbox, decision, sender, *, subject: str, text: str, html: str):
    if decision.ticket is not None:
        comment = comment_create(ticket=decision.ticket, body=text, body_html=html, is_public=True,
                                 author_customer=sender)
        Customer.objects.filter(pk=sender.pk).update(last_activity_at=timezone.now())
        return decision.ticket, comment, False
    requester = sender or customer_for_email(email=message.from_address, name=message.from_name)
    ticket = ticket_create(requester=requester, subject=subject, body=text, body_html=html, channel="email",
                           team=getattr(mailbox, "team", None))
    return ticket, Comment.objects.filter(ticket=ticket).first(), True


def _attach(message: ParsedMessage, ticket: Ticket, comment: Comment) -> None:
    for index, part in enumerate(message.parts):
        if part.data:
            attachment_add(ticket=ticket, comment=comment, upload=Upload(safe_filename(part, index), part.data))


def safe_filename(part, index: int) -> str:
    """The sender's file name without directories or control characters; a made-up one if none is left."""
    name = (part.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    if name:
        return name[-200:]
    extension = ".eml" if part.content_type == "message/rfc822" else mimetypes.guess_extension(part.content_type)
    return f"attachment-{index + 1}{extension or '.bin'}"


def _known_domains(ticket: Ticket | None) -> set[str]:
    """Domains a forger would imitate: our customers' organizations and the requester of the ticket the
    message answers (a new ticket's requester is the sender, so it says nothing)."""
    domains = {domain.lower() for domain in Organization.objects.exclude(domain="").values_list("domain", flat=True)}
    requester_email = str(ticket.requester.email or "") if ticket is not None else ""
    if "@" in requester_email:
        domains.add(requester_email.rpartition("@")[2].lower())
    return domains


def _open_approval(comment: Comment, found: list[dict]) -> None:
    kinds = next((hint["kinds"] for hint in found if hint.get("code") == hints.CHANGE_REQUEST), None)
    if kinds and conf.change_requests_need_approval():
        change_approval_open(comment=comment, kinds=kinds)
