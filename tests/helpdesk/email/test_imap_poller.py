"""The poller against a real Dovecot: stores, keeps going past bad mail, loses nothing on a crash."""

from unittest import mock

import pytest
from django.core.management import call_command

from helpdesk.inbound import imap as poller
from helpdesk.models import EmailDelivery, Mailbox, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def _append(imap, raw: bytes) -> None:
    status, _ = imap.append("INBOX", None, None, raw)
    assert status == "OK"


def _unseen(imap) -> int:
    imap.select("INBOX")
    return len(imap.uid("SEARCH", None, "UNSEEN")[1][0].split())


def test_it_stores_new_mail_and_flags_it_seen(imap, mailbox, build_message, team_a):
    _append(imap, build_message(subject="First", body="one"))
    _append(imap, build_message(sender="kim@example.org", subject="Second", body="two"))

    report = poller.poll(mailbox)

    assert report.counts == {"stored": 2}
    assert sorted(str(t.subject) for t in Ticket.objects.all()) == ["First", "Second"]
    assert all(t.team_id == team_a.pk for t in Ticket.objects.all())
    assert _unseen(imap) == 0


def test_it_moves_processed_mail_when_a_folder_is_set(imap, mailbox, build_message):
    Mailbox.objects.filter(pk=mailbox.pk).update(done_folder="Done")
    mailbox.refresh_from_db()
    _append(imap, build_message())

    poller.poll(mailbox)

    assert imap.select("INBOX")[1] == [b"0"]
    assert imap.select("Done")[1] == [b"1"]


def test_it_keeps_going_after_a_bad_message_and_leaves_it_unseen(imap, mailbox, build_message):
    _append(imap, build_message(subject="Bad one", body="boom"))
    _append(imap, build_message(sender="kim@example.org", subject="Good one", body="fine"))
    real_store = poller.store_message

    def flaky(raw, **kwargs):
        if b"boom" in raw:
            raise RuntimeError("unexpected")
        return real_store(raw, **kwargs)

    with mock.patch.object(poller, "store_message", side_effect=flaky):
        report = poller.poll(mailbox)

    assert report.counts == {"failed": 1, "stored": 1}
    assert [str(t.subject) for t in Ticket.objects.all()] == ["Good one"]
    assert _unseen(imap) == 1
    mailbox.refresh_from_db()
    assert mailbox.last_error == "1 message(s) failed"


def test_it_loses_nothing_when_the_worker_dies_mid_batch(imap, mailbox, build_message):
    for number in range(3):
        _append(imap, build_message(sender=f"c{number}@example.org", subject=f"Mail {number}", body="hi"))
    calls = {"n": 0}
    real_mark = poller._mark_done

    def die_on_second(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")  # after the second ticket committed, before it is flagged
        return real_mark(*args)

    with mock.patch.object(poller, "_mark_done", side_effect=die_on_second), pytest.raises(SystemExit):
        poller.poll(mailbox)
    assert Ticket.objects.count() == 2 and _unseen(imap) == 2

    report = poller.poll(mailbox)

    assert report.counts == {"duplicate": 1, "stored": 1}
    assert sorted(str(t.subject) for t in Ticket.objects.all()) == ["Mail 0", "Mail 1", "Mail 2"]
    assert _unseen(imap) == 0


def test_it_refuses_an_oversized_message_with_a_notice_and_moves_on(imap, mailbox, build_message, settings):
    settings.SEALDESK_EMAIL_MAX_MESSAGE_BYTES = 200_000
    _append(imap, build_message(body="x" * 300_000))
    _append(imap, build_message(sender="kim@example.org", body="small"))

    report = poller.poll(mailbox)

    assert report.counts == {"refused": 1, "stored": 1}
    notice = EmailDelivery.objects.get(kind=EmailDelivery.Kind.BOUNCE)
    assert notice.reason == "too_large"
    assert _unseen(imap) == 0


def test_it_records_a_wrong_password_without_raising(imap, mailbox):
    mailbox.password = "wrong"
    mailbox.save()

    assert poller.poll(mailbox).counts == {}

    mailbox.refresh_from_db()
    assert mailbox.last_error.startswith("connect:") and mailbox.last_polled_at is not None


def test_it_keeps_the_credentials_encrypted_at_rest(mailbox):
    from django.db import connection

    pk = Mailbox._meta.pk.get_db_prep_value(mailbox.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM helpdesk_mailbox WHERE id = %s", [pk])
        stored = bytes(cursor.fetchone()[0])
    assert b"imap-test-password" not in stored


def test_the_command_polls_and_says_what_it_did(imap, mailbox, build_message, capsys):
    _append(imap, build_message())

    call_command("poll_mailboxes")

    assert "support: 1 stored" in capsys.readouterr().out
