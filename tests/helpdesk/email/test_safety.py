"""Hostile, oversized and automatic mail: stored safely, refused with a reason, or set aside."""

import io
import zipfile

import pytest

from helpdesk.inbound.safety import Refused
from helpdesk.inbound.store import store_message
from helpdesk.models import EmailMessageRecord, Ticket

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_neutralises_scripts_javascript_links_and_remote_images(eml):
    result = store_message(eml("hostile_html.eml"))

    html = str(result.ticket.comments.get().body_html).lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "<iframe", "<img", "tracker.example", "document."):
        assert bad not in html
    assert "[logo]" in html


def test_it_refuses_a_30_mb_attachment_with_a_clear_reason(build_message):
    raw = build_message(attachments=[("big.bin", b"\0" * 30 * MB, "application/octet-stream")])

    with pytest.raises(Refused) as refused:
        store_message(raw)

    assert refused.value.reason == "too_large"
    assert "larger than 25 MB" in str(refused.value)
    assert Ticket.objects.count() == 0


def test_it_refuses_an_attachment_over_the_attachment_limit(build_message, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB

    with pytest.raises(Refused) as refused:
        store_message(build_message(attachments=[("x.bin", b"\1" * (2 * MB), "application/octet-stream")]))

    assert refused.value.reason == "attachment_too_large"


def test_it_refuses_a_zip_bomb(build_message):
    bomb = _zip({"zeros.txt": b"\0" * (120 * MB)})

    with pytest.raises(Refused) as refused:
        store_message(build_message(attachments=[("invoice.zip", bomb, "application/zip")]))

    assert refused.value.reason == "archive_bomb"


def test_it_refuses_a_high_ratio_archive_below_the_size_cap(build_message):
    with pytest.raises(Refused):
        store_message(build_message(attachments=[("a.zip", _zip({"a": b"\0" * (20 * MB)}), "application/zip")]))


def test_it_refuses_deeply_nested_archives(build_message):
    nested = _zip({"inner.txt": b"hello"})
    for level in range(3):
        nested = _zip({f"level{level}.zip": nested})

    with pytest.raises(Refused):
        store_message(build_message(attachments=[("nested.zip", nested, "application/zip")]))


def test_it_accepts_an_ordinary_zip(build_message):
    archive = _zip({"notes.txt": b"some notes " * 100, "inner.zip": _zip({"a.txt": b"a"})})

    result = store_message(build_message(attachments=[("files.zip", archive, "application/zip")]))

    assert result.outcome == "stored" and result.ticket.attachments.count() == 1


def test_it_refuses_a_message_without_a_sender(build_message):
    with pytest.raises(Refused) as refused:
        store_message(build_message(sender="undisclosed-recipients:;"))

    assert refused.value.reason == "no_sender"


@pytest.mark.parametrize(
    "headers",
    [{"Auto-Submitted": "auto-replied"}, {"Precedence": "bulk"}, {"Precedence": "junk"}, {"X-Autoreply": "yes"},
     {"List-Id": "<news.example.com>"}],
)
def test_it_opens_no_ticket_for_automatic_mail(build_message, headers, mailoutbox):
    result = store_message(build_message(headers=headers))

    assert result.outcome == "ignored"
    assert Ticket.objects.count() == 0 and mailoutbox == []


def test_it_ignores_delivery_status_notifications(eml, mailoutbox):
    result = store_message(eml("dsn_bounce.eml"))

    assert (result.outcome, result.reason) == ("ignored", "bounce")
    assert EmailMessageRecord.objects.get().outcome == "ignored"
    assert Ticket.objects.count() == 0 and mailoutbox == []


def test_it_files_an_out_of_office_reply_into_its_ticket_without_answering(build_message, eml, ticket, mailoutbox):
    from helpdesk.inbound.tokens import reply_address

    raw = eml("autoreply.eml").replace(b"To: support@sealdesk.localhost", f"To: {reply_address(ticket)}".encode())

    result = store_message(raw)

    assert result.ticket == ticket and "out of office" in str(result.comment.body)
    assert mailoutbox == []


def test_it_keeps_a_very_long_body_within_the_comment_limit(build_message):
    result = store_message(build_message(body="word " * 30_000))

    assert len(str(result.ticket.comments.get().body)) <= 100_000
