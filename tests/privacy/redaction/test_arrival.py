import pytest

from audit.models import AccessEvent
from helpdesk.models import Comment, CustomFieldDefinition
from helpdesk.services import comment_create, ticket_create, ticket_update
from privacy.redaction.flags import redaction_policy_set
from privacy.redaction.models import Action, RedactionFlag

CARD = "4111 1111 1111 1111"


def test_it_redacts_a_card_in_a_new_comment_keeping_six_and_four(ticket, customer):
    comment = comment_create(ticket=ticket, body=f"My card is {CARD}, thanks", is_public=True, author_customer=customer)
    comment.refresh_from_db()
    assert comment.body == "My card is 411111▇▇▇▇▇▇1111, thanks"
    event = AccessEvent.objects.filter(action="redaction.auto", target_id=str(comment.pk)).get()
    assert event.metadata["redacted"] == {"payment_card": 1}


def test_it_redacts_credentials_and_html(ticket, customer):
    comment = comment_create(
        ticket=ticket, body="password: Hunter2!x", body_html="<p>password: Hunter2!x</p>", is_public=True,
        author_customer=customer,
    )
    comment.refresh_from_db()
    assert "Hunter2" not in comment.body and "Hunter2" not in comment.body_html
    assert "▇▇▇ [credential]" in comment.body


def test_it_flags_a_national_id_and_keeps_it(ticket, customer):
    comment = comment_create(ticket=ticket, body="My SSN is 536-90-4399.", is_public=True, author_customer=customer)
    comment.refresh_from_db()
    assert "536-90-4399" in comment.body
    flag = RedactionFlag.objects.get(target_id=str(comment.pk))
    assert (flag.scope_id, flag.field, flag.type) == (ticket.pk, "body", "national_id")


def test_it_redacts_subjects_and_custom_fields(customer, team_a, alice):
    CustomFieldDefinition.objects.create(key="ref", label="Ref", kind="text")
    ticket = ticket_create(requester=customer, subject=f"card {CARD}", body="hello", channel="web",
                           custom_fields={"ref": f"card {CARD}"}, team=team_a)
    ticket.refresh_from_db()
    assert ticket.subject == "card 411111▇▇▇▇▇▇1111"
    assert ticket.custom_fields["ref"] == "card 411111▇▇▇▇▇▇1111"
    ticket_update(ticket=ticket, actor=alice, subject=f"again {CARD}")
    ticket.refresh_from_db()
    assert ticket.subject == "again 411111▇▇▇▇▇▇1111"


@pytest.mark.parametrize("action", [Action.MASK, Action.FLAG])
def test_it_follows_the_admins_policy(ticket, customer, admin_user, action):
    redaction_policy_set(actor=admin_user, type_="payment_card", action=action)
    comment = comment_create(ticket=ticket, body=f"card {CARD}", is_public=True, author_customer=customer)
    comment.refresh_from_db()
    assert CARD in comment.body
    assert RedactionFlag.objects.filter(target_id=str(comment.pk)).exists() == (action == Action.FLAG)


def test_it_leaves_clean_text_alone_without_an_event(ticket, customer):
    comment = comment_create(ticket=ticket, body="Nothing personal here.", is_public=True, author_customer=customer)
    assert Comment.objects.get(pk=comment.pk).body == "Nothing personal here."
    assert not AccessEvent.objects.filter(action="redaction.auto", target_id=str(comment.pk)).exists()
