import logging

from celery import shared_task

from helpdesk.models import Comment
from helpdesk.notifications import send_public_reply

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_customer_of_reply(comment_id: str) -> None:
    comment = Comment.objects.select_related("ticket__requester").filter(pk=comment_id).first()
    if comment is None:
        logger.info("reply notification skipped: comment gone", extra={"comment_id": comment_id})
        return
    send_public_reply(comment)
