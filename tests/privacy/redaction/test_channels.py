"""A card number arriving by any channel is stored truncated (first six, last four digits)."""

from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core.cache import cache

from accounts.roles import Role
from helpdesk.inbound.store import store_message
from helpdesk.models import Comment, Ticket

CARD = "4111 1111 1111 1111"
KEPT = "411111▇▇▇▇▇▇1111"


def _stored_texts(ticket: Ticket) -> list[str]:
    comments = Comment.objects.filter(ticket=ticket)
    return [ticket.subject, *(c.body for c in comments), *(c.body_html for c in comments)]


def _assert_truncated(ticket: Ticket) -> None:
    texts = _stored_texts(Ticket.objects.get(pk=ticket.pk))
    assert not any(CARD in text or CARD.replace(" ", "") in text for text in texts)
    assert any(KEPT in text for text in texts)


@pytest.mark.django_db
def test_it_redacts_a_card_from_the_web_form(client):
    cache.clear()
    data = {"name": "Jana Beispiel", "email": "jana@example.org", "subject": "Payment",
            "message": f"Please charge my card {CARD} again."}
    client.post("/support/new/", data)
    _assert_truncated(Ticket.objects.get())


def test_it_redacts_a_card_from_the_api(api_client_for, team_a, customer):
    api = api_client_for(Role.AGENT, [team_a])
    payload = {"subject": f"Card {CARD}", "body": f"Customer said: card {CARD}", "requester_id": str(customer.pk)}
    response = api.post("/api/v1/tickets/", payload, format="json")
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.subject == f"Card {KEPT}"
    reply = {"body": f"again {CARD}", "is_public": True}
    response = api.post(f"/api/v1/tickets/{ticket.pk}/comments/", reply, format="json")
    assert response.status_code == 201
    _assert_truncated(ticket)
    assert KEPT in Comment.objects.filter(ticket=ticket).last().body


def _mail(subject: str, body: str, html: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "erika@example.de", "support@sealdesk.localhost", subject
    message["Message-ID"] = make_msgid(domain="example.de")
    message.set_content(body)
    message.add_alternative(html, subtype="html")
    return message.as_bytes()


@pytest.mark.django_db
def test_it_redacts_a_card_arriving_by_email():
    raw = _mail(f"Card {CARD}", f"My card is {CARD}.", f"<p>My card is <b>{CARD}</b>.</p>")
    result = store_message(raw)
    assert result.outcome == "stored"
    _assert_truncated(result.ticket)
