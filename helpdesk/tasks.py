"""Celery tasks: ids in, one service call each. Retrying is the delivery records' job, not Celery's."""

import logging

from celery import shared_task

from accounts import roles
from accounts.models import User
from helpdesk.models import Comment, EmailDelivery, Mailbox, Ticket
from helpdesk.outbound import deliveries

logger = logging.getLogger(__name__)


@shared_task
def deliver_email(delivery_id: str) -> None:
    deliveries.deliver(delivery_id=delivery_id)


@shared_task
def notify_customer_of_reply(comment_id: str) -> None:
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        logger.info("reply notification skipped: comment gone", extra={"comment_id": comment_id})
        return
    deliveries.deliver(delivery_id=deliveries.delivery_for_reply(comment=comment).pk)


@shared_task
def notify_agent_of_assignment(ticket_id: str, agent_id: str) -> None:
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    agent = User.objects.filter(pk=agent_id, is_active=True, is_service=False).first()
    if ticket is None or agent is None:
        return
    delivery = deliveries.delivery_for_agent(kind=EmailDelivery.Kind.AGENT_ASSIGNED, ticket=ticket, agent=agent)
    deliveries.deliver(delivery_id=delivery.pk)


@shared_task
def notify_team_of_new_ticket(ticket_id: str) -> None:
    ticket = Ticket.objects.filter(pk=ticket_id, team__isnull=False).first()
    if ticket is None:
        return
    members = User.objects.filter(teams=ticket.team_id, is_active=True, is_service=False,
                                  role__in=roles.TICKET_ROLES).exclude(pk=ticket.assignee_id)
    for agent in members:
        delivery = deliveries.delivery_for_agent(kind=EmailDelivery.Kind.AGENT_NEW_TICKET, ticket=ticket, agent=agent)
        deliver_email.delay(str(delivery.pk))


@shared_task
def retry_email_deliveries() -> None:
    for delivery_id in deliveries.deliveries_due():
        deliver_email.delay(str(delivery_id))


@shared_task
def poll_mailboxes() -> None:
    for mailbox_id in Mailbox.objects.filter(active=True).values_list("id", flat=True):
        poll_mailbox.delay(str(mailbox_id))


@shared_task
def poll_mailbox(mailbox_id: str) -> None:
    from helpdesk.inbound.imap import poll

    mailbox = Mailbox.objects.filter(pk=mailbox_id, active=True).first()
    if mailbox is not None:
        poll(mailbox)
