"""Which records a policy removes: keep period to the second, legal hold, longest keep."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from freezegun import freeze_time

from helpdesk.models import Attachment, Comment, Ticket
from privacy.retention.services import legal_hold_place, legal_hold_release, policy_create, preview

YEAR = timedelta(days=365)


@pytest.fixture
def one_year(admin_user):
    return policy_create(
        actor=admin_user,
        name="Delete tickets after 1 year",
        data_type="tickets",
        age_basis="closed",
        keep_for=YEAR,
        action="delete",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "kept"), [(-1, True), (1, False)])
def test_it_deletes_a_ticket_only_once_its_keep_period_is_over(make_ticket, one_year, offset, kept, run_retention):
    with freeze_time("2026-06-01 12:00:00"):
        ticket = make_ticket(age=YEAR + timedelta(seconds=offset))
        run_retention()

    assert Ticket.objects.filter(pk=ticket.pk).exists() is kept


def test_it_keeps_a_ticket_under_legal_hold(make_ticket, one_year, admin_user, run_retention):
    ticket = make_ticket(age=2 * YEAR)
    legal_hold_place(actor=admin_user, target_kind="ticket", target_id=ticket.pk, reason="Litigation 2026-17")

    run_retention()

    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert one_year.runs.get().counts["matched"] == 0


def test_it_holds_every_ticket_of_a_held_customer_and_releases_them_later(
    make_ticket, one_year, admin_user, run_retention
):
    ticket = make_ticket(age=2 * YEAR)
    hold = legal_hold_place(actor=admin_user, target_kind="customer", target_id=ticket.requester_id, reason="Audit")
    run_retention()
    assert Ticket.objects.filter(pk=ticket.pk).exists()

    legal_hold_release(hold=hold, actor=admin_user)
    run_retention()

    assert not Ticket.objects.filter(pk=ticket.pk).exists()


def test_it_lets_the_longest_keep_period_win(make_ticket, one_year, admin_user, run_retention):
    policy_create(
        actor=admin_user,
        name="Keep patient records 10 years",
        data_type="tickets",
        age_basis="closed",
        keep_for=10 * YEAR,
        conditions={"tag": "patient-record"},
    )
    patient = make_ticket(age=2 * YEAR, tags=["patient-record"])
    other = make_ticket(age=2 * YEAR, tags=["billing"])

    run_retention()

    assert Ticket.objects.filter(pk=patient.pk).exists()
    assert not Ticket.objects.filter(pk=other.pk).exists()


def test_it_lets_a_longer_keep_win_even_when_it_needs_decryption(
    make_ticket, one_year, admin_user, alice, run_retention
):
    from helpdesk.models import CustomFieldDefinition
    from helpdesk.services import ticket_update

    CustomFieldDefinition.objects.create(key="kind", label="Kind", kind="text")
    policy_create(
        actor=admin_user,
        name="Keep contracts",
        data_type="tickets",
        age_basis="closed",
        keep_for=5 * YEAR,
        conditions={"custom_field": {"key": "kind", "value": "contract"}},
    )
    contract, other = make_ticket(age=2 * YEAR), make_ticket(age=2 * YEAR)
    ticket_update(ticket=contract, actor=alice, custom_fields={"kind": "contract"})
    Ticket.objects.filter(pk=contract.pk).update(closed_at=other.closed_at)

    run_retention()

    assert list(Ticket.objects.values_list("pk", flat=True)) == [contract.pk]


def test_it_deletes_comments_attachments_and_their_files_with_the_ticket(
    make_ticket, one_year, stored_files, run_retention
):
    ticket = make_ticket(age=2 * YEAR, attachment=True)
    assert len(stored_files()) == 1

    run_retention()

    assert not Comment.objects.filter(ticket_id=ticket.pk).exists()
    assert not Attachment.objects.filter(ticket_id=ticket.pk).exists()
    assert stored_files() == []


def test_it_anonymizes_a_ticket_but_keeps_its_statistics(make_ticket, admin_user, stored_files, run_retention):
    policy_create(actor=admin_user, name="Anonymize", data_type="tickets", keep_for=YEAR, action="anonymize")
    ticket = make_ticket(age=2 * YEAR, attachment=True, tags=["vip"])

    run_retention()

    kept = Ticket.objects.get(pk=ticket.pk)
    assert (kept.subject, kept.custom_fields, kept.status, kept.number) == ("", {}, "closed", ticket.number)
    assert [c.body for c in kept.comments.all()] == ["", ""]
    assert list(kept.tags.values_list("name", flat=True)) == ["vip"]
    assert stored_files() == [] and not kept.attachments.exists()


def test_it_redacts_what_the_detectors_find(make_ticket, admin_user, monkeypatch, run_retention):
    from privacy.detect.spans import Span
    from privacy.retention import jobs

    def detect(text):
        start = text.find("4111")
        return [Span(start, start + 4, "payment_card", 1.0)] if start >= 0 else []

    monkeypatch.setattr(jobs, "detector", lambda: detect)
    policy_create(
        actor=admin_user, name="Redact internal notes", data_type="internal_notes", keep_for=YEAR, action="redact"
    )
    ticket = make_ticket(age=2 * YEAR)
    note = ticket.comments.get(is_public=False)
    note.body = "card 4111 seen"
    note.save()
    Comment.objects.filter(pk=note.pk).update(created_at=ticket.created_at)

    run_retention()

    assert Comment.objects.get(pk=note.pk).body == "card [redacted] seen"
    assert Comment.objects.get(ticket=ticket, is_public=True).body.startswith("Body")


def test_it_removes_customers_only_once_they_have_no_tickets(make_ticket, admin_user, customer, run_retention):
    from helpdesk.models import Customer

    policy_create(actor=admin_user, name="Customers", data_type="customers", keep_for=YEAR, action="delete")
    with_ticket = make_ticket(age=2 * YEAR).requester
    Customer.objects.filter(pk__in=[customer.pk, with_ticket.pk]).update(
        last_activity_at=None, created_at=with_ticket.created_at - 2 * YEAR
    )

    run_retention()

    assert list(Customer.objects.values_list("pk", flat=True)) == [with_ticket.pk]


def test_it_previews_counts_and_a_masked_sample(make_ticket, one_year):
    ticket = make_ticket(age=2 * YEAR)
    make_ticket(age=timedelta(days=3))

    [item] = preview()

    assert item.count == 1
    assert item.sample[0].startswith(f"ticket {str(ticket.pk)[:8]}")
    assert "Subject" not in item.sample[0]


def test_it_changes_nothing_on_a_dry_run(make_ticket, one_year):
    make_ticket(age=2 * YEAR)

    call_command("retention", "run", "--dry-run")

    assert Ticket.objects.count() == 1
    assert one_year.runs.get().counts["matched"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"data_type": "planets"}, None),
        ({"conditions": {"colour": "red"}}, "conditions"),
        ({"action": "redact", "data_type": "attachments"}, "action"),
        ({"keep_for": timedelta(0)}, "keep_for"),
        ({"age_basis": "closed", "data_type": "customers"}, "age_basis"),
    ],
)
def test_it_refuses_an_invalid_policy(admin_user, changes, field):
    values = {"name": "P", "data_type": "tickets", "keep_for": YEAR, "action": "delete", **changes}
    with pytest.raises(ValidationError) as error:
        policy_create(actor=admin_user, **values)
    if field:
        assert field in error.value.message_dict
