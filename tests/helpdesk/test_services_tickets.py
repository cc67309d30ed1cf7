import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AccessEvent
from helpdesk.models import Comment, CustomFieldDefinition, Ticket
from helpdesk.services import comment_create, ticket_create, ticket_update


def test_it_opens_a_ticket_with_the_customers_first_message(customer, team_a):
    ticket = ticket_create(
        requester=customer, subject=" Broken login ", body="I cannot log in", channel="web", team=team_a
    )

    ticket.refresh_from_db()
    assert ticket.subject == "Broken login"
    assert ticket.status == Ticket.Status.NEW
    first = ticket.comments.get()
    assert first.author_customer == customer and first.is_public and first.body == "I cannot log in"


def test_it_numbers_tickets_consecutively(customer):
    first = ticket_create(requester=customer, subject="One", body="a", channel="web")
    second = ticket_create(requester=customer, subject="Two", body="b", channel="web")

    assert second.number == first.number + 1


@pytest.mark.parametrize("field,value", [("subject", ""), ("body", "   "), ("subject", "x" * 251)])
def test_it_refuses_an_empty_or_overlong_ticket(customer, field, value):
    kwargs = {"requester": customer, "subject": "Fine", "body": "Fine", "channel": "web", field: value}

    with pytest.raises(ValidationError):
        ticket_create(**kwargs)
    assert not Ticket.objects.exists()


def test_it_refuses_an_unknown_channel(customer):
    with pytest.raises(ValidationError):
        ticket_create(requester=customer, subject="Hi", body="Hi", channel="fax")


def test_it_stamps_solved_and_clears_it_on_reopen(ticket, alice):
    ticket_update(ticket=ticket, actor=alice, status=Ticket.Status.SOLVED)
    assert ticket.solved_at is not None

    ticket_update(ticket=ticket, actor=alice, status=Ticket.Status.OPEN)
    assert ticket.solved_at is None


def test_it_records_which_fields_an_update_changed(ticket, alice):
    ticket_update(ticket=ticket, actor=alice, priority=Ticket.Priority.HIGH, tags=["vip", "Refund"])

    event = AccessEvent.objects.filter(action="ticket.update").get()
    assert event.fields_shown == ["priority", "tags"]
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["refund", "vip"]


def test_it_refuses_invalid_tags(ticket, alice):
    with pytest.raises(ValidationError):
        ticket_update(ticket=ticket, actor=alice, tags=["no spaces allowed"])
    assert not ticket.tags.exists()


def test_it_lets_no_light_agent_or_compliance_officer_change_tickets(ticket, light, compliance):
    for actor in (light, compliance):
        with pytest.raises(PermissionDenied):
            ticket_update(ticket=ticket, actor=actor, status=Ticket.Status.SOLVED)


def test_it_assigns_only_to_active_agents(ticket, alice, compliance):
    with pytest.raises(ValidationError):
        ticket_update(ticket=ticket, actor=alice, assignee=compliance)

    ticket_update(ticket=ticket, actor=alice, assignee=alice)
    assert Ticket.objects.get(pk=ticket.pk).assignee == alice


def test_it_validates_custom_fields_by_their_definitions(ticket, alice):
    CustomFieldDefinition.objects.create(key="order", label="Order", kind="number")
    CustomFieldDefinition.objects.create(key="plan", label="Plan", kind="choice", choices=["basic", "pro"])

    ticket_update(ticket=ticket, actor=alice, custom_fields={"order": "4711", "plan": "pro"})
    assert Ticket.objects.get(pk=ticket.pk).custom_fields == {"order": 4711, "plan": "pro"}

    for bad in ({"order": "many"}, {"plan": "gold"}, {"unknown": 1}):
        with pytest.raises(ValidationError):
            ticket_update(ticket=ticket, actor=alice, custom_fields=bad)


def test_it_keeps_internal_notes_to_light_agents_and_reopens_on_customer_reply(ticket, light, customer, alice):
    with pytest.raises(PermissionDenied):
        comment_create(ticket=ticket, body="Public?", is_public=True, author_agent=light)
    note = comment_create(ticket=ticket, body="Checked the order", is_public=False, author_agent=light)
    assert not note.is_public

    ticket_update(ticket=ticket, actor=alice, status=Ticket.Status.PENDING)
    comment_create(ticket=ticket, body="Any news?", is_public=True, author_customer=customer)
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.OPEN


def test_it_sanitizes_html_before_storing_it(ticket, alice):
    comment = comment_create(
        ticket=ticket,
        body="hi",
        body_html='<p onclick="x()">hi<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>',
        is_public=True,
        author_agent=alice,
    )

    stored = Comment.objects.get(pk=comment.pk).body_html
    assert "script" not in stored and "onclick" not in stored and "javascript:" not in stored


def test_it_mails_the_customer_after_a_public_reply_commits(
    ticket, alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body="We refunded it.", is_public=True, author_agent=alice)
        assert mailoutbox == []

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@example.de"]
    assert f"#{ticket.number}" in mailoutbox[0].subject and "We refunded it." in mailoutbox[0].body


def test_it_mails_nobody_for_internal_notes(ticket, alice, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(ticket=ticket, body="note", is_public=False, author_agent=alice)

    assert mailoutbox == []
