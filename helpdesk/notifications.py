"""What other modules call when something should be mailed. Each function only schedules a task
after commit, passing ids: a rolled-back action mails nothing, and no personal data rides the queue.
"""

from django.db import transaction


def after_public_reply(*, comment) -> None:
    from helpdesk.tasks import notify_customer_of_reply

    transaction.on_commit(lambda: notify_customer_of_reply.delay(str(comment.pk)))


def after_assignment(*, ticket, agent) -> None:
    """Call from the service that assigns a ticket (when the assignee changed to someone else)."""
    from helpdesk.tasks import notify_agent_of_assignment

    transaction.on_commit(lambda: notify_agent_of_assignment.delay(str(ticket.pk), str(agent.pk)))


def after_new_ticket(*, ticket) -> None:
    from helpdesk.tasks import notify_team_of_new_ticket

    transaction.on_commit(lambda: notify_team_of_new_ticket.delay(str(ticket.pk)))


def after_refusal(*, address: str, reason: str) -> None:
    """Tell a sender why their message was refused (never for automatic mail: see safety)."""
    from helpdesk.outbound.deliveries import delivery_for_refusal
    from helpdesk.tasks import deliver_email

    delivery = delivery_for_refusal(address=address, reason=reason)
    transaction.on_commit(lambda: deliver_email.delay(str(delivery.pk)))
