"""What the ticket page and the customer profile read, scoped to the caller."""

from django.db.models import QuerySet
from django.http import Http404

from helpdesk.models import Attachment, Comment, Customer, Ticket
from helpdesk.selectors.tickets import tickets_visible_to


def ticket_comments(ticket: Ticket) -> list[Comment]:
    """The whole conversation, oldest first, authors included (one query). Its files are among
    `ticket_attachments`, which the ticket page reads once for the conversation and the sidebar."""
    return list(ticket.comments.select_related("author_agent", "author_customer"))


def ticket_attachments(ticket: Ticket) -> list[Attachment]:
    """Every file of the ticket, those of its comments included, oldest first."""
    return list(ticket.attachments.all())


def customer_tickets(*, user, customer: Customer) -> QuerySet[Ticket]:
    """The customer's tickets this user may see, newest first."""
    return (
        tickets_visible_to(user)
        .filter(requester=customer)
        .select_related("assignee", "team")
        .order_by("-created_at")
    )


def attachment_get_for_agent(*, user, attachment_id) -> Attachment:
    """An attachment, only when its ticket is visible to the user; 404 otherwise."""
    attachment = (
        Attachment.objects.select_related("ticket")
        .filter(pk=attachment_id, ticket__in=tickets_visible_to(user))
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment")
    return attachment
