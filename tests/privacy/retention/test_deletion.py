"""Deleting a record takes every row that hangs on it, in every table, and nothing else."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.models import (
    Attachment,
    ChangeApproval,
    Comment,
    Customer,
    EmailDelivery,
    EmailMessageRecord,
    Sequence,
    Ticket,
)
from helpdesk.services import comment_create, customer_create
from privacy.masking.models import RevealGrant
from privacy.redaction.models import RedactionFlag
from privacy.retention import rows
from privacy.retention.services import policy_create

YEAR = timedelta(days=365)


def _grant(user, obj, field: str) -> None:
    RevealGrant.objects.create(
        user=user, target_type=obj._meta.label, target_id=str(obj.pk), field=field, classification="free_text",
        reason="contact", expires_at=timezone.now() + timedelta(minutes=5),
    )


def _flag(scope, obj, field: str) -> None:
    RedactionFlag.objects.create(
        scope_id=scope.pk, target_type=obj._meta.label, target_id=str(obj.pk), field=field, type="iban"
    )


def _with_side_rows(ticket: Ticket, user) -> Ticket:
    """Everything that can hang on a ticket: mail records and deliveries, a change approval, an
    attachment on a reply, reveal grants and review flags on the ticket, its reply and its file."""
    reply, note = ticket.comments.order_by("is_public")[1], ticket.comments.get(is_public=False)
    attachment = ticket.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(comment=reply)
    EmailMessageRecord.objects.create(
        message_id_hash=uuid.uuid4().hex, direction="in", outcome="stored", ticket=ticket, comment=reply
    )
    EmailDelivery.objects.create(kind=EmailDelivery.Kind.CUSTOMER_REPLY, ticket=ticket, comment=reply)
    ChangeApproval.objects.create(ticket=ticket, comment=note, kinds=["iban"])
    for obj, field in ((ticket, "subject"), (reply, "body"), (attachment, "filename")):
        _grant(user, obj, field)
        _flag(ticket, obj, field)
    return ticket


def _rows_of(ticket_pk) -> dict:
    """Rows of every table that belong to the ticket, by foreign key or by label and id."""
    comments = [str(pk) for pk in Comment.objects.filter(ticket_id=ticket_pk).values_list("pk", flat=True)]
    files = [str(pk) for pk in Attachment.objects.filter(ticket_id=ticket_pk).values_list("pk", flat=True)]
    named = {str(ticket_pk), *comments, *files}
    return {
        "comments": len(comments),
        "attachments": len(files),
        "tag links": Ticket.tags.through.objects.filter(ticket_id=ticket_pk).count(),
        "mail records": EmailMessageRecord.objects.filter(ticket_id=ticket_pk).count(),
        "deliveries": EmailDelivery.objects.filter(ticket_id=ticket_pk).count(),
        "change approvals": ChangeApproval.objects.filter(ticket_id=ticket_pk).count(),
        "reveal grants": RevealGrant.objects.filter(target_id__in=named).count(),
        "review flags": RedactionFlag.objects.filter(target_id__in=named).count(),
    }


def test_it_leaves_no_row_of_any_related_table_behind(make_ticket, admin_user, alice, stored_files, run_retention):
    policy_create(actor=admin_user, name="Delete after 1 year", data_type="tickets", keep_for=YEAR)
    doomed = _with_side_rows(make_ticket(age=2 * YEAR, attachment=True, tags=["billing"]), alice)
    young = _with_side_rows(make_ticket(age=timedelta(days=30), attachment=True, tags=["billing"]), alice)
    before = _rows_of(young.pk)
    assert _rows_of(doomed.pk) == before and all(before.values())

    run_retention()

    assert set(_rows_of(doomed.pk).values()) == {0}
    assert _rows_of(young.pk) == before
    assert [p.name for p in stored_files()] == [young.attachments.get().blob_name]


def test_it_detaches_what_a_kept_ticket_still_needs_from_a_deleted_note(make_ticket, admin_user, alice, run_retention):
    policy_create(actor=admin_user, name="Drop notes", data_type="internal_notes", keep_for=YEAR)
    ticket = make_ticket(age=2 * YEAR, attachment=True)
    note = ticket.comments.get(is_public=False)
    Comment.objects.filter(pk=note.pk).update(created_at=timezone.now() - 2 * YEAR)
    Attachment.objects.filter(ticket=ticket).update(comment=note)
    record = EmailMessageRecord.objects.create(
        message_id_hash=uuid.uuid4().hex, direction="out", outcome="sent", ticket=ticket, comment=note
    )
    EmailDelivery.objects.create(kind=EmailDelivery.Kind.AGENT_ASSIGNED, ticket=ticket, comment=note)
    _grant(alice, note, "body")
    _grant(alice, ticket, "subject")

    run_retention()

    assert not Comment.objects.filter(pk=note.pk).exists()
    assert Attachment.objects.get(ticket=ticket).comment_id is None
    assert EmailMessageRecord.objects.get(pk=record.pk).comment_id is None
    assert not EmailDelivery.objects.exists()
    assert list(RevealGrant.objects.values_list("target_id", flat=True)) == [str(ticket.pk)]


def test_it_deletes_a_customer_with_their_grants_and_keeps_their_replies_elsewhere(
    make_ticket, admin_user, alice, run_retention
):
    policy_create(actor=admin_user, name="Drop customers", data_type="customers", keep_for=YEAR)
    ticket = make_ticket(age=timedelta(days=3))
    cc = customer_create(name="Carbon Copy", email="cc@example.org")
    reply = comment_create(ticket=ticket, body="Adding my view", is_public=True, author_customer=cc, notify=False)
    Customer.objects.filter(pk=cc.pk).update(created_at=timezone.now() - 2 * YEAR)
    _grant(alice, cc, "email")
    _grant(alice, ticket.requester, "email")

    run_retention()

    assert not Customer.objects.filter(pk=cc.pk).exists()
    assert Comment.objects.get(pk=reply.pk).author_customer_id is None
    assert list(RevealGrant.objects.values_list("target_id", flat=True)) == [str(ticket.requester_id)]


@pytest.mark.django_db
def test_it_deletes_rows_whose_keys_need_quoting():
    names = ['with "quotes"', "back\\slash", "comma,{brace}", "plain"]
    Sequence.objects.bulk_create([Sequence(name=name) for name in [*names, "kept"]])

    assert rows.rows_delete(Sequence, names) == len(names)
    assert list(Sequence.objects.values_list("name", flat=True)) == ["kept"]
