"""Build the e-mail a delivery stands for, from a subject / text / html template triplet.

Agent notifications show personal values only as the agent's role may see them (Presenter).
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from helpdesk.inbound import tokens
from helpdesk.models import EmailDelivery
from helpdesk.outbound.headers import new_message_id, thread_headers

Kind = EmailDelivery.Kind
TEMPLATES = {
    Kind.CUSTOMER_REPLY: "public-reply",
    Kind.AGENT_ASSIGNED: "agent-assigned",
    Kind.AGENT_NEW_TICKET: "agent-new-ticket",
    Kind.BOUNCE: "refusal",
}
REFUSAL_REASONS = {
    "too_large": lambda: _("The message is larger than we accept."),
    "attachment_too_large": lambda: _("An attachment is larger than we accept."),
    "archive_bomb": lambda: _("An attached archive expands too far or nests too deep."),
}


def render(template: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{template}-subject.txt", context)
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    return " ".join(subject.split()), text, html


def compose(delivery: EmailDelivery) -> EmailMultiAlternatives | None:
    """The message to send, or None when there is nobody (left) to send it to."""
    language = getattr(delivery.agent, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        recipient, context, headers = _ADDRESSING[delivery.kind](delivery)
        if not recipient:
            return None
        subject, text, html = render(TEMPLATES[delivery.kind], {**context, "site_url": settings.SITE_URL})
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient], headers=headers,
                                     reply_to=context.get("reply_to") or None)
    message.attach_alternative(html, "text/html")
    return message


def _customer_reply(delivery: EmailDelivery):
    comment, ticket = delivery.comment, delivery.ticket
    address = str(ticket.requester.email or "")
    if comment is None or not comment.is_public or comment.is_from_customer or "@" not in address:
        return "", {}, {}
    reply_to = tokens.reply_address(ticket)
    name, _address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    headers = thread_headers(ticket, new_message_id())
    context = {"ticket": ticket, "comment": comment, "reply_to": [formataddr((name, reply_to))]}
    return address, context, headers


def _agent_notice(delivery: EmailDelivery):
    from privacy.masking.presenter import Presenter

    agent, ticket = delivery.agent, delivery.ticket
    if agent is None or ticket is None or not agent.is_active:
        return "", {}, {}
    presenter = Presenter(agent)
    context = {
        "ticket": ticket,
        "subject": presenter.shown(ticket, "subject"),
        "customer_name": presenter.shown(ticket.requester, "name"),
        "agent": agent,
        "url": settings.SITE_URL + ticket.get_absolute_url(),
    }
    return agent.email, context, {"Message-ID": new_message_id(), "Auto-Submitted": "auto-generated"}


def _refusal(delivery: EmailDelivery):
    explain = REFUSAL_REASONS.get(delivery.reason, lambda: _("The message could not be accepted."))
    headers = {"Message-ID": new_message_id(), "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    return str(delivery.address or ""), {"reason": explain()}, headers


_ADDRESSING = {
    Kind.CUSTOMER_REPLY: _customer_reply,
    Kind.AGENT_ASSIGNED: _agent_notice,
    Kind.AGENT_NEW_TICKET: _agent_notice,
    Kind.BOUNCE: _refusal,
}
