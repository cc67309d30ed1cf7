"""Outbound mail through a real SMTP server: sent after commit, retried with backoff, visible to admins."""

from datetime import timedelta
from email import message_from_bytes, policy
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from helpdesk import notifications
from helpdesk.models import EmailDelivery
from helpdesk.outbound import deliveries
from helpdesk.services import comment_create
from helpdesk.tasks import retry_email_deliveries

Status = EmailDelivery.Status


def _parsed(envelope):
    return message_from_bytes(envelope.content, policy=policy.default)


def test_it_mails_a_public_reply_to_the_customer_after_commit(ticket, alice, smtp_server,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_create(ticket=ticket, body="We refunded it.", is_public=True, author_agent=alice)
    assert smtp_server.messages == []

    for callback in callbacks:
        callback()

    [envelope] = smtp_server.messages
    message = _parsed(envelope)
    assert envelope.rcpt_tos == ["erika@example.de"]
    assert message["Subject"] == f"[#{ticket.number}] Refund for order 4711"
    assert "We refunded it." in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None
    assert f"support+{ticket.number}-" in message["Reply-To"]
    assert EmailDelivery.objects.get().status == Status.SENT


def test_it_sends_no_mail_for_an_internal_note(ticket, alice, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body="Note to self", is_public=False, author_agent=alice)

    assert smtp_server.messages == []


def test_it_passes_only_ids_to_tasks(ticket, alice, django_capture_on_commit_callbacks):
    patched = mock.patch("helpdesk.tasks.notify_agent_of_assignment.delay")
    with patched as delay, django_capture_on_commit_callbacks(execute=True):
        notifications.after_assignment(ticket=ticket, agent=alice)

    delay.assert_called_once_with(str(ticket.pk), str(alice.pk))


def test_it_retries_with_backoff_and_then_succeeds(ticket, alice, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body="Hello", is_public=True, author_agent=alice)
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.RETRYING, 1, "SMTPDataError")
    assert delivery.next_attempt_at > timezone.now()

    retry_email_deliveries()
    assert EmailDelivery.objects.get().status == Status.RETRYING  # not due yet

    EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    retry_email_deliveries()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_it_gives_up_after_the_last_attempt(ticket, alice, smtp_server, settings, django_capture_on_commit_callbacks):
    settings.SEALDESK_EMAIL_DELIVERY_MAX_ATTEMPTS = 2
    smtp_server.fail_next = 5
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body="Hello", is_public=True, author_agent=alice)
    EmailDelivery.objects.update(next_attempt_at=timezone.now())

    retry_email_deliveries()

    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (Status.FAILED, 2, None)


def test_it_doubles_the_wait_between_attempts():
    assert [deliveries.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert deliveries.backoff(20) == deliveries.BACKOFF_MAX


def test_it_picks_up_a_delivery_whose_task_was_lost(ticket, alice, smtp_server):
    comment = comment_create(ticket=ticket, body="Hello", is_public=True, author_agent=alice, notify=False)
    delivery = deliveries.delivery_for_reply(comment=comment)
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(hours=1))

    retry_email_deliveries()

    assert EmailDelivery.objects.get().status == Status.SENT and len(smtp_server.messages) == 1


def test_it_masks_personal_data_in_agent_notifications_per_role(ticket, light, smtp_server, settings):
    from privacy.masking.presenter import Presenter

    delivery = deliveries.delivery_for_agent(kind=EmailDelivery.Kind.AGENT_ASSIGNED, ticket=ticket, agent=light)
    expected_name = str(Presenter(light).shown(ticket.requester, "name"))

    deliveries.deliver(delivery_id=delivery.pk)

    message = _parsed(smtp_server.messages[0])
    text = message.get_body(("plain",)).get_content()
    assert expected_name in text
    assert message["Auto-Submitted"] == "auto-generated"
    assert f"/tickets/{ticket.code}/" in text


def test_it_tells_the_team_about_a_new_ticket_from_email(build_message, alice, bob, mailbox, smtp_server,
                                                         django_capture_on_commit_callbacks):
    from helpdesk.inbound.store import store_message

    with django_capture_on_commit_callbacks(execute=True):
        result = store_message(build_message(subject="Kettle", body="Broken"), mailbox=mailbox)

    recipients = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.messages)
    assert recipients == ["alice@sealdesk.test", "bob@sealdesk.test"]
    assert all(f"#{result.ticket.number}" in _parsed(e)["Subject"] for e in smtp_server.messages)


def test_it_sends_a_refusal_notice_marked_automatic(smtp_server, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.after_refusal(address="sender@example.org", reason="too_large")

    message = _parsed(smtp_server.messages[0])
    assert message["Auto-Submitted"] == "auto-replied"
    assert "larger than we accept" in message.get_body(("plain",)).get_content()
    assert str(EmailDelivery.objects.get().address) == ""  # the address is dropped once sent


def test_it_lists_failed_deliveries_for_admins(ticket, alice, admin_user, login, settings,
                                               django_assert_max_num_queries):
    settings.EMAIL_BACKEND = "tests.helpdesk.email.test_outbound.BrokenBackend"
    for _ in range(3):
        comment = comment_create(ticket=ticket, body="Hi", is_public=True, author_agent=alice, notify=False)
        deliveries.deliver(delivery_id=deliveries.delivery_for_reply(comment=comment).pk)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = login(admin_user)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:helpdesk_emaildelivery_changelist") + "?status=retrying")

    assert response.status_code == 200
    assert response.content.decode().count("ConnectionRefusedError") == 3


def test_it_hides_the_delivery_list_from_agents(alice, login):
    response = login(alice).get(reverse("admin:helpdesk_emaildelivery_changelist"))

    assert response.status_code == 302


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
