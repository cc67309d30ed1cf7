import pytest
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import User
from accounts.roles import Role
from helpdesk.services import comment_create
from privacy.crypto import UNAVAILABLE
from privacy.masking.levels import Level
from privacy.masking.models import RevealGrant
from privacy.masking.presenter import Presenter
from privacy.masking.services import masking_rule_set, reveal_create

CARD = "4111 1111 1111 1111"
IBAN = "DE89 3704 0044 0532 0130 00"


@pytest.fixture
def iban_comment(ticket, alice):
    body = f"Customer read out IBAN {IBAN} and mail erika@example.de"
    return comment_create(ticket=ticket, body=body, is_public=False, author_agent=alice)


def test_it_shows_agents_a_partial_email_and_seniors_all_of_it(customer, alice, senior):
    agent_view = Presenter(alice).shown(customer, "email")
    senior_view = Presenter(senior).shown(customer, "email")

    assert str(agent_view) == "e•••@example.de" and agent_view.masked and agent_view.revealable
    assert str(senior_view) == "erika@example.de" and not senior_view.masked


def test_it_hides_everything_personal_from_compliance_officers(customer, ticket, compliance):
    presenter = Presenter(compliance)

    assert "erika" not in str(presenter.shown(customer, "email")).lower()
    assert str(presenter.shown(ticket, "subject")) == "••••••"
    assert str(presenter.shown(customer, "name")) == "Erika M."


def test_it_masks_detected_spans_inside_free_text(iban_comment, alice, light):
    agent_text = str(Presenter(alice).shown(iban_comment, "body"))
    light_view = Presenter(light).shown(iban_comment, "body")

    assert IBAN not in agent_text and "DE••• 3000" in agent_text
    assert "erika@example.de" not in agent_text and "e•••@example.de" in agent_text
    assert IBAN not in str(light_view) and "3704 0044" not in str(light_view)
    assert light_view.masked and set(light_view.masked_types) == {"bank_account", "email"}


def test_it_masks_a_card_number_even_where_redaction_on_arrival_is_off(ticket, alice):
    ticket.subject = f"Card {CARD}"

    shown = str(Presenter(alice).shown(ticket, "subject"))
    assert CARD not in shown and "•••• •••• •••• 1111" in shown


def test_it_applies_a_policy_change_on_the_next_presenter(customer, alice, admin_user):
    masking_rule_set(
        actor=admin_user, classification="email", role=Role.AGENT, level=Level.HIDDEN, reveal_allowed=False
    )

    shown = Presenter(alice).shown(customer, "email")
    assert str(shown) == "••••••" and not shown.revealable


def test_it_shows_a_revealed_field_in_full_until_the_grant_expires(customer, alice):
    grant = reveal_create(user=alice, obj=customer, field="email", reason="contact")
    assert str(Presenter(User.objects.get(pk=alice.pk)).shown(customer, "email")) == "erika@example.de"

    RevealGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert alice.reveal_grants_until > timezone.now()
    assert str(Presenter(alice).shown(customer, "email")) == "e•••@example.de"


def test_it_passes_the_unavailable_marker_through(customer, alice):
    customer.email = UNAVAILABLE

    shown = Presenter(alice).shown(customer, "email")
    assert shown.unavailable and not shown.masked


def test_it_masks_custom_field_values(ticket, alice):
    ticket.custom_fields = {"card": CARD, "plan": "pro"}

    value = Presenter(alice).shown(ticket, "custom_fields").value
    assert value["plan"] == "pro" and CARD not in value["card"]


def test_it_reads_the_policy_and_grants_once_per_presenter(customer, alice, django_assert_num_queries):
    reveal_create(user=alice, obj=customer, field="notes", reason="contact")
    presenter = Presenter(alice)
    with django_assert_num_queries(1):
        for _ in range(20):
            presenter.shown(customer, "email")
            presenter.shown(customer, "phone")


def test_it_reads_no_grants_for_a_viewer_who_has_none_running(customer, alice, django_assert_num_queries):
    grant = reveal_create(user=alice, obj=customer, field="email", reason="contact")
    with freeze_time(grant.expires_at + timezone.timedelta(seconds=1)):
        presenter = Presenter(User.objects.get(pk=alice.pk))
        with django_assert_num_queries(0):
            assert str(presenter.shown(customer, "email")) == "e•••@example.de"
            assert str(presenter.shown(customer, "phone")) == "••• ••• 567"
