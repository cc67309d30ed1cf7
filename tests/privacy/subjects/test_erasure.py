"""Export holds every seeded value; after erasure no table or file holds any of them."""

import io
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from helpdesk.models import Comment, Customer, Ticket
from privacy.crypto.blind_index import BlindIndexField
from privacy.crypto.fields import EncryptedFieldMixin
from privacy.models import RequestState
from privacy.retention.services import legal_hold_place
from privacy.subjects.services import subject_request_erase, subject_request_export, subject_request_open
from tests.privacy.subjects.conftest import SECRETS


def _export_text(request, actor) -> str:
    buffer = io.BytesIO()
    subject_request_export(request=request, actor=actor, target=buffer)
    with zipfile.ZipFile(buffer) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _stored_values_of(customer) -> set[str]:
    """The person's values as they sit in the database: ciphertexts and blind indexes."""
    rows = [customer, *Ticket.objects.filter(requester=customer), *Comment.objects.filter(ticket__requester=customer)]
    rows += [a for t in Ticket.objects.filter(requester=customer) for a in t.attachments.all()]
    values = set()
    for row in rows:
        fresh = type(row).objects.filter(pk=row.pk)
        for field in type(row)._meta.concrete_fields:
            if isinstance(field, EncryptedFieldMixin | BlindIndexField):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f'SELECT "{field.column}" FROM "{row._meta.db_table}" WHERE "{row._meta.pk.column}" = %s',  # noqa: S608
                        [row._meta.pk.get_db_prep_value(row.pk, connection)],
                    )
                    raw = cursor.fetchone()[0]
                if raw:
                    values.add(_as_text(raw))
        assert fresh.exists()
    return values


def _as_text(value) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).decode("latin-1")
    return str(value)


def _dump() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            parts += [_as_text(value) for row in cursor.fetchall() for value in row if value is not None]
    return "\n".join(parts)


def _files(settings) -> list[bytes]:
    root = Path(settings.ATTACHMENT_ROOT)
    return [p.read_bytes() for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_exports_every_seeded_value(person, compliance):
    request = subject_request_open(actor=compliance, kind="export", email=SECRETS["email"])

    text = _export_text(request, compliance)

    assert [key for key, value in SECRETS.items() if value not in text] == []
    assert request.state == RequestState.DONE


def test_it_leaves_no_trace_of_the_person_after_erasure(
    person, bystander, compliance, settings, django_capture_on_commit_callbacks
):
    stored = _stored_values_of(person)
    assert len(stored) >= 12
    files_before = _files(settings)
    request = subject_request_open(actor=compliance, kind="erasure", email=SECRETS["email"])

    with django_capture_on_commit_callbacks(execute=True):
        subject_request_erase(request=request, actor=compliance)

    dump = _dump().casefold()
    assert [key for key, value in SECRETS.items() if value.casefold() in dump] == []
    assert [value for value in stored if value in _dump()] == []
    assert len(files_before) == 1 and _files(settings) == []
    assert request.outcome["key_destroyed"] is True and request.state == RequestState.DONE
    assert Customer.objects.filter(pk=bystander.pk).exists() and bystander.tickets.count() == 1


def test_it_sends_no_pending_notification_after_erasure(person, compliance, mailoutbox):
    from helpdesk.tasks import notify_customer_of_reply

    pending = [str(pk) for pk in Comment.objects.filter(ticket__requester=person).values_list("pk", flat=True)]
    request = subject_request_open(actor=compliance, kind="erasure", email=SECRETS["email"])
    subject_request_erase(request=request, actor=compliance)

    for comment_id in pending:
        notify_customer_of_reply(comment_id)

    assert mailoutbox == []


def test_it_keeps_held_data_and_the_key_and_says_why(person, compliance, admin_user):
    ticket = person.tickets.get()
    legal_hold_place(actor=admin_user, target_kind="ticket", target_id=ticket.pk, reason="Court order 12/26")
    request = subject_request_open(actor=compliance, kind="erasure", email=SECRETS["email"])

    subject_request_erase(request=request, actor=compliance)

    assert request.state == RequestState.PARTIAL
    assert request.outcome["key_destroyed"] is False
    reasons = {(item["type"], item["reason"]) for item in request.outcome["kept"]}
    assert ("helpdesk.Ticket", "legal hold") in reasons and ("helpdesk.Customer", "legal hold") in reasons
    assert Ticket.objects.get(pk=ticket.pk).subject == SECRETS["subject"]


def test_it_keeps_organization_tickets_as_structure_when_asked(person, compliance):
    from helpdesk.models import Organization

    person.organization = Organization.objects.create(name="Brixel GmbH")
    person.save()
    ticket = person.tickets.get()
    request = subject_request_open(actor=compliance, kind="erasure", email=SECRETS["email"], keep_structure=True)

    subject_request_erase(request=request, actor=compliance)

    kept = Ticket.objects.get(pk=ticket.pk)
    assert (kept.number, kept.status, kept.comments.count(), kept.attachments.count()) == (
        ticket.number,
        ticket.status,
        3,
        0,
    )
    assert request.outcome["anonymized"]["helpdesk.Customer"] == 1
    assert request.outcome["key_destroyed"] is True


@pytest.mark.django_db
def test_it_refuses_a_request_for_nobody(compliance):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        subject_request_open(actor=compliance, kind="erasure", email="nobody@nowhere.example")


def test_it_records_who_did_what(person, compliance):
    request = subject_request_open(actor=compliance, kind="erasure", phone=SECRETS["phone"])
    subject_request_erase(request=request, actor=compliance)

    assert [(e.action, e.actor) for e in request.entries.all()] == [("open", compliance), ("erase", compliance)]
