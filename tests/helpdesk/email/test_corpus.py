"""Real-world message shapes from tests/fixtures/email, stored end to end."""

import pytest

from helpdesk.inbound.parse import parse
from helpdesk.inbound.store import store_message
from helpdesk.models import Attachment
from helpdesk.services import attachment_read

pytestmark = pytest.mark.django_db


def _comment(result):
    return result.ticket.comments.get()


def test_it_keeps_only_the_new_part_of_a_gmail_reply(eml):
    comment = _comment(store_message(eml("gmail_reply.eml")))

    assert str(comment.body) == "Thanks, the refund arrived!"
    assert "refunded order" not in str(comment.body_html)
    assert "Thanks, the refund arrived!" in str(comment.body_html)


def test_it_keeps_only_the_new_part_of_an_outlook_reply(eml):
    comment = _comment(store_message(eml("outlook_reply.eml")))

    assert str(comment.body) == "The parcel still has not arrived.\n\nErika"
    assert "we shipped it" not in str(comment.body_html)


def test_it_decodes_iso_8859_1_headers_and_body_and_cuts_the_german_quote(eml):
    result = store_message(eml("german_iso8859.eml"))

    assert str(result.ticket.subject) == "Rückerstattung für Bestellung"
    assert str(result.ticket.requester.name) == "Jürgen Müller"
    assert str(_comment(result).body) == "Grüße, die Ware ist beschädigt angekommen."


def test_it_decodes_windows_1252(eml):
    assert str(_comment(store_message(eml("windows1252.eml"))).body) == "\u201cQuoted\u201d \u2013 it costs 5\u20ac."


@pytest.mark.parametrize("name", ["broken_encoding.eml", "unknown_charset.eml", "malformed_mime.eml"])
def test_it_stores_broken_messages_with_replacement_characters_instead_of_failing(eml, name):
    result = store_message(eml(name))

    assert result.outcome == "stored"
    assert str(_comment(result).body).strip()


def test_it_replaces_undecodable_bytes(eml):
    body = str(_comment(store_message(eml("broken_encoding.eml"))).body)

    assert body.startswith("Valid start") and "\ufffd" in body and body.endswith("end.")


def test_it_keeps_what_it_can_of_malformed_mime(eml):
    result = store_message(eml("malformed_mime.eml"))

    assert "never closes its boundary" in str(_comment(result).body)


def test_it_stores_attachments_under_safe_names(eml):
    result = store_message(eml("odd_filenames.eml"))

    names = sorted(str(a.filename) for a in Attachment.objects.filter(ticket=result.ticket))
    assert {"€ Rechnung März.pdf", "passwd", "übersicht.txt", "attachment-4.png"} < set(names)
    assert len(names) == 5 and any(name.endswith("evil.bat") for name in names)
    assert all("/" not in name and "\\" not in name and ".." not in name for name in names)


def test_it_keeps_a_forwarded_message_as_text_and_as_an_eml_file(eml):
    result = store_message(eml("forwarded.eml"))

    assert "Forwarded message" in str(_comment(result).body)
    attachment = Attachment.objects.get(ticket=result.ticket)
    assert str(attachment.filename) == "attachment-1.eml"
    assert b"Your invoice total is 99 EUR." in attachment_read(attachment=attachment)


def test_it_stores_inline_images_as_attachments_and_loads_no_image(eml):
    result = store_message(eml("inline_image.eml"))

    attachment = Attachment.objects.get(ticket=result.ticket)
    assert str(attachment.filename) == "screenshot.png"
    assert attachment_read(attachment=attachment).startswith(b"\x89PNG")
    assert "<img" not in str(_comment(result).body_html) and "[screenshot]" in str(_comment(result).body_html)


def test_it_makes_text_from_an_html_only_message(eml):
    assert "See the error:" in str(_comment(store_message(eml("inline_image.eml"))).body)


def test_it_reads_message_ids_and_recipients(eml):
    parsed = parse(eml("gmail_reply.eml"))

    assert parsed.message_id == "<CAGmail-reply-0001@mail.gmail.com>"
    assert parsed.recipients == ["support@sealdesk.localhost"]
    assert parsed.from_address == "erika@example.de"
