"""E-mails to customers. Rendered from subject / text / html template triplets."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from helpdesk.models import Comment


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{template}-subject.txt", context).strip().replace("\n", " ")
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    return subject, text, html


def send_public_reply(comment: Comment) -> bool:
    """Mail a public agent reply to the ticket's requester. Returns False when there is nobody to mail."""
    ticket = comment.ticket
    requester = ticket.requester
    if not comment.is_public or comment.is_from_customer or not requester.email:
        return False
    context = {"ticket": ticket, "comment": comment, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject, text, html = _render("public-reply", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [str(requester.email)])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
