"""Personal data never lands in plaintext: not in any table, nor in the attachment store."""

from pathlib import Path

import pytest
from django.db import connection

from tests.privacy.people import seed_person

SECRETS = {
    "name": "Zoltan Quaxwell",
    "email": "zoltan.quaxwell@plaintext-probe.example",
    "phone": "+44 20 7946 0958",
    "external_id": "CRM-QX-889123",
    "notes": "prefers calls after Quaxnoon",
    "subject": "Quaxwell subscription cancel",
    "body": "My card 4111 1111 1111 1111 was charged twice, Quaxwell here",
    "html": "<p>Write to Quaxstreet 12, Quaxtown</p>",
    "note": "Internal: Quaxwell verified by passport QX1234567",
    "field": "Quaxwell-Order-77",
    "filename": "quaxwell-passport-scan.pdf",
    "file": "QUAXWELL PASSPORT CONTENTS 1979-02-03",
}


def _personal_probes() -> list[str]:
    probes = list(SECRETS.values())
    probes += ["4111 1111 1111 1111", "Quaxstreet", "Quaxwell", "quaxwell", "7946 0958", "447946"]
    return probes


def _table_values():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    yield table, value


def _as_text(value) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).decode("latin-1")
    return str(value)


@pytest.fixture
def seeded(alice, team_a):
    return seed_person(SECRETS, agent=alice, team=team_a, field_key="order_ref")


def test_it_stores_no_personal_value_in_plaintext_in_any_table(seeded):
    leaks = {
        (table, probe)
        for table, value in _table_values()
        for probe in _personal_probes()
        if probe.casefold() in _as_text(value).casefold()
    }

    assert leaks == set()


def test_it_stores_attachment_contents_encrypted(seeded, settings):
    files = [path for path in Path(settings.ATTACHMENT_ROOT).rglob("*") if path.is_file()]

    assert len(files) == 1
    raw = files[0].read_bytes().decode("latin-1")
    assert SECRETS["file"] not in raw and "QUAXWELL" not in raw.upper()


def test_it_still_reads_everything_back(seeded):
    from helpdesk.services import attachment_read

    ticket = type(seeded).objects.get(pk=seeded.pk)
    assert ticket.subject == SECRETS["subject"]
    assert ticket.requester.email == SECRETS["email"]
    assert ticket.custom_fields == {"order_ref": SECRETS["field"]}
    attachment = ticket.attachments.get()
    assert attachment.filename == SECRETS["filename"]
    assert attachment_read(attachment=attachment) == SECRETS["file"].encode()
