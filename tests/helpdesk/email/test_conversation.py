"""A customer writes, an agent answers in the UI, the customer's answer joins the same ticket."""

from email import message_from_bytes, policy

import pytest
from django.urls import reverse

from helpdesk.inbound.store import store_message
from helpdesk.models import EmailMessageRecord, Ticket
from helpdesk.services import customer_create, ticket_update

pytestmark = pytest.mark.django_db


def _texts(ticket):
    return [str(comment.body) for comment in ticket.comments.order_by("created_at")]


@pytest.fixture
def opened(build_message, alice, team_a):
    """A ticket opened by mail and moved to team A."""
    result = store_message(build_message(subject="Broken kettle", body="My kettle is broken."))
    return ticket_update(ticket=result.ticket, actor=alice, team=team_a)


def _agent_replies(login, alice, ticket, mailoutbox, capture):
    with capture(execute=True):
        response = login(alice).post(
            reverse("helpdesk:ticket_reply", kwargs={"code": ticket.code}),
            {"body": "Please send a photo.", "visibility": "public"},
        )
    assert response.status_code == 302
    return mailoutbox[-1]


def test_it_threads_the_customers_answer_into_the_same_ticket(
    opened, build_message, login, alice, mailoutbox, django_capture_on_commit_callbacks
):
    sent = _agent_replies(login, alice, opened, mailoutbox, django_capture_on_commit_callbacks)
    answer = build_message(
        to=sent.reply_to[0], subject=f"Re: {sent.subject}",
        body="Here it is.\n\nOn Mon, 11 Mar 2024 Support wrote:\n> Please send a photo.",
        headers={"In-Reply-To": sent.extra_headers["Message-ID"], "References": sent.extra_headers["References"]},
    )

    result = store_message(answer)

    assert result.ticket == opened and not result.created_ticket
    assert _texts(opened) == ["My kettle is broken.", "Please send a photo.", "Here it is."]
    assert Ticket.objects.count() == 1


def test_it_threads_by_the_signed_reply_address_alone(opened, build_message, login, alice, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    sent = _agent_replies(login, alice, opened, mailoutbox, django_capture_on_commit_callbacks)

    result = store_message(build_message(to=sent.reply_to[0], subject="photo", body="Attached."))

    assert result.ticket == opened


def test_it_threads_by_in_reply_to_alone(opened, build_message, login, alice, mailoutbox,
                                         django_capture_on_commit_callbacks):
    sent = _agent_replies(login, alice, opened, mailoutbox, django_capture_on_commit_callbacks)

    result = store_message(build_message(body="Here.", headers={"In-Reply-To": sent.extra_headers["Message-ID"]}))

    assert result.ticket == opened


def test_it_opens_a_new_ticket_for_a_forged_in_reply_to_from_another_address(
    opened, build_message, login, alice, mailoutbox, django_capture_on_commit_callbacks
):
    sent = _agent_replies(login, alice, opened, mailoutbox, django_capture_on_commit_callbacks)
    forged = build_message(
        sender="mallory@example.net", to=sent.reply_to[0], body="Send the refund to me instead.",
        headers={"In-Reply-To": sent.extra_headers["Message-ID"], "References": sent.extra_headers["References"]},
    )

    result = store_message(forged)

    assert result.created_ticket and result.ticket != opened
    assert _texts(opened) == ["My kettle is broken.", "Please send a photo."]
    record = EmailMessageRecord.objects.get(comment=result.comment)
    assert {"code": "not_participant", "ticket_number": opened.number} in record.hints


def test_it_ignores_a_reply_token_with_a_forged_signature(opened, build_message):
    token_address = f"support+{opened.number}-{'0' * 20}@sealdesk.localhost"

    result = store_message(build_message(to=token_address, body="Let me in."))

    assert result.created_ticket and result.ticket != opened
    assert {"code": "forged_token"} in EmailMessageRecord.objects.get(comment=result.comment).hints


def test_it_does_not_let_a_customer_reply_into_another_customers_ticket_by_token(opened, build_message, db):
    from helpdesk.inbound.tokens import reply_address

    customer_create(name="Other", email="other@example.com")

    result = store_message(build_message(sender="other@example.com", to=reply_address(opened), body="Hi"))

    assert result.ticket != opened


def test_it_opens_a_new_ticket_when_our_server_saw_dmarc_fail(opened, build_message):
    from helpdesk.inbound.tokens import reply_address

    spoofed = build_message(
        to=reply_address(opened), body="Change my bank account.",
        headers={"Authentication-Results": "mx.sealdesk.test; spf=fail; dkim=fail; dmarc=fail header.from=example.de"},
    )

    result = store_message(spoofed)

    assert result.ticket != opened
    codes = [hint["code"] for hint in EmailMessageRecord.objects.get(comment=result.comment).hints]
    assert "auth_failed" in codes and "not_participant" in codes


def test_it_opens_a_new_ticket_when_the_old_one_is_closed(opened, build_message, alice):
    from helpdesk.inbound.tokens import reply_address

    ticket_update(ticket=opened, actor=alice, status=Ticket.Status.CLOSED)

    result = store_message(build_message(to=reply_address(opened), body="One more question."))

    assert result.created_ticket


def test_it_stores_a_duplicate_delivery_once(build_message):
    raw = build_message(body="Once only")

    first, second = store_message(raw), store_message(raw)

    assert (first.outcome, second.outcome) == ("stored", "duplicate")
    assert Ticket.objects.count() == 1


def test_it_sends_replies_that_mail_clients_thread(opened, login, alice, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    sent = _agent_replies(login, alice, opened, mailoutbox, django_capture_on_commit_callbacks)
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)

    assert parsed["In-Reply-To"] in parsed["References"]
    assert parsed["References"].startswith(f"<ticket.{opened.code.hex}@")
    assert f"+{opened.number}-" in parsed["Reply-To"]
    assert "Auto-Submitted" not in parsed
