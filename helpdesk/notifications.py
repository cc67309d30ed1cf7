"""What other modules call when something should be mailed. Each function only schedules a task
after commit, passing ids: a rolled-back action mails nothing, and no personal data rides the queue.

Enqueueing never fails the request that caused it (a broker outage is logged): a reply to a
customer is also written as a pending delivery row in the same transaction, so the beat task
`retry_email_deliveries` sends it once the broker is back. Agent notifications are best effort.
"""

from django.db import transaction


def _after_commit(task, *args: str) -> None:
    transaction.on_commit(lambda: task.delay(*args), robust=True)


def after_public_reply(*, comment) -> None:
    from helpdesk.outbound.deliveries import delivery_for_reply
    from helpdesk.tasks import notify_customer_of_reply

    delivery_for_reply(comment=comment)
    _after_commit(notify_customer_of_reply, str(comment.pk))


def after_assignment(*, ticket, agent) -> None:
    """Call from the service that assigns a ticket (when the assignee changed to someone else)."""
    from helpdesk.tasks import notify_agent_of_assignment

    _after_commit(notify_agent_of_assignment, str(ticket.pk), str(agent.pk))


def after_new_ticket(*, ticket) -> None:
    from helpdesk.tasks import notify_team_of_new_ticket

    _after_commit(notify_team_of_new_ticket, str(ticket.pk))


def after_refusal(*, address: str, reason: str) -> None:
    """Tell a sender why their message was refused (never for automatic mail: see safety)."""
    from helpdesk.outbound.deliveries import delivery_for_refusal
    from helpdesk.tasks import deliver_email

    delivery = delivery_for_refusal(address=address, reason=reason)
    _after_commit(deliver_email, str(delivery.pk))
