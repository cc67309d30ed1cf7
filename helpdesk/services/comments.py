from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from audit.services import record_event
from helpdesk.models import Comment, Customer, Ticket
from helpdesk.sanitize import sanitize_html
from privacy.redaction.arrival import redaction_on_arrival

MAX_BODY_LENGTH = 100_000


@transaction.atomic
def comment_create(
    *,
    ticket: Ticket,
    body: str,
    is_public: bool,
    author_agent=None,
    author_customer: Customer | None = None,
    body_html: str = "",
    notify: bool = True,
) -> Comment:
    """Add a reply or internal note. Public agent replies e-mail the customer after commit."""
    _check_author(is_public=is_public, author_agent=author_agent, author_customer=author_customer)
    if not body.strip():
        raise ValidationError({"body": "The message cannot be empty."})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError({"body": f"At most {MAX_BODY_LENGTH} characters."})
    comment = Comment(
        ticket=ticket,
        body=body,
        body_html=sanitize_html(body_html),
        is_public=is_public,
        author_agent=author_agent,
        author_customer=author_customer,
    )
    redaction_on_arrival(obj=comment, fields=["body", "body_html"], scope_id=ticket.pk)
    comment.save(force_insert=True)
    _advance_status(ticket, comment)
    if author_agent is not None:
        record_event(
            action="comment.create",
            actor=author_agent,
            target=comment,
            metadata={"ticket": str(ticket.pk), "public": is_public},
        )
    if notify and is_public and author_agent is not None:
        from helpdesk import notifications

        notifications.after_public_reply(comment=comment)
    return comment


def _check_author(*, is_public: bool, author_agent, author_customer) -> None:
    if (author_agent is None) == (author_customer is None):
        raise ValidationError("A comment has exactly one author: an agent or the customer.")
    if author_agent is not None:
        if not roles.works_tickets(author_agent.role):
            raise PermissionDenied("Your role may not comment on tickets.")
        if is_public and not roles.may_reply_publicly(author_agent.role):
            raise PermissionDenied("Your role may add internal notes only.")
    elif not is_public:
        raise ValidationError("Customers cannot write internal notes.")


def _advance_status(ticket: Ticket, comment: Comment) -> None:
    """A customer's message reopens the ticket; an agent's first public reply opens a new one."""
    customer_reopens = comment.is_from_customer and ticket.status in (Ticket.Status.PENDING, Ticket.Status.SOLVED)
    agent_answers_new = comment.is_public and not comment.is_from_customer and ticket.status == Ticket.Status.NEW
    status = Ticket.Status.OPEN if customer_reopens or agent_answers_new else ticket.status
    fields = {"updated_at": timezone.now()}
    if status != ticket.status:
        fields.update(status=status, solved_at=None)
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    for name, value in fields.items():
        setattr(ticket, name, value)
