"""Delivery records: one row per e-mail we owe, sent after commit, retried with backoff.

A worker that dies mid-send leaves the row pending; the beat task `retry_email_deliveries` picks it
up again. Errors are stored as the exception's class name only: SMTP replies quote addresses.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from helpdesk.inbound import conf
from helpdesk.inbound.parse import digest
from helpdesk.models import EmailDelivery, EmailMessageRecord
from helpdesk.outbound.compose import compose

logger = logging.getLogger(__name__)
Status = EmailDelivery.Status
Kind = EmailDelivery.Kind
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)
LOST_AFTER = timedelta(minutes=10)


def delivery_for_reply(*, comment) -> EmailDelivery:
    delivery, _ = EmailDelivery.objects.get_or_create(
        kind=Kind.CUSTOMER_REPLY, comment=comment, defaults={"ticket_id": comment.ticket_id}
    )
    return delivery


def delivery_for_agent(*, kind: str, ticket, agent) -> EmailDelivery:
    return EmailDelivery.objects.create(kind=kind, ticket=ticket, agent=agent)


def delivery_for_refusal(*, address: str, reason: str) -> EmailDelivery:
    return EmailDelivery.objects.create(kind=Kind.BOUNCE, address=address, reason=reason)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def deliver(*, delivery_id) -> str:
    """Send one delivery if it is still owed; returns its status afterwards."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("ticket__requester", "comment", "agent")
            .filter(pk=delivery_id, status__in=(Status.PENDING, Status.RETRYING))
            .first()
        )
        if delivery is None:
            return "gone"
        _attempt(delivery)
        return delivery.status


def _attempt(delivery: EmailDelivery) -> None:
    delivery.attempts += 1
    try:
        message = compose(delivery)
        if message is not None:
            message.send()
    except Exception as error:  # any failure of rendering or transport is retried, then shown to admins
        _failed(delivery, error)
        return
    delivery.status = Status.SENT if message is not None else Status.SKIPPED
    delivery.sent_at, delivery.next_attempt_at, delivery.last_error, delivery.address = timezone.now(), None, "", ""
    delivery.save()
    if message is not None and delivery.kind == Kind.CUSTOMER_REPLY:
        _remember_sent(delivery, message.extra_headers["Message-ID"])


def _failed(delivery: EmailDelivery, error: Exception) -> None:
    delivery.last_error = type(error).__name__[:200]
    gave_up = delivery.attempts >= conf.delivery_max_attempts()
    delivery.status = Status.FAILED if gave_up else Status.RETRYING
    delivery.next_attempt_at = None if gave_up else timezone.now() + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("email delivery failed", extra={"delivery_id": str(delivery.pk), "error": delivery.last_error,
                                                    "attempts": delivery.attempts})


def _remember_sent(delivery: EmailDelivery, message_id: str) -> None:
    """Our Message-ID is what the customer's reply will cite in In-Reply-To."""
    EmailMessageRecord.objects.create(
        message_id_hash=digest(message_id), message_id=message_id, direction="out",
        outcome=EmailMessageRecord.Outcome.SENT, ticket=delivery.ticket,
    )


def deliveries_due() -> list:
    """Retries whose time has come, and pending rows whose task was lost."""
    now = timezone.now()
    retry = Q(status=Status.RETRYING, next_attempt_at__lte=now)
    lost = Q(status=Status.PENDING, created_at__lte=now - LOST_AFTER)
    return list(EmailDelivery.objects.filter(retry | lost).order_by("created_at").values_list("id", flat=True)[:500])
