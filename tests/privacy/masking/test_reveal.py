import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from audit.models import AccessEvent
from privacy.masking.models import RevealGrant
from privacy.masking.presenter import Presenter
from privacy.masking.services import masking_settings_update, reveal_create


def _reveal_url(customer, field="email"):
    return reverse("masking:reveal", kwargs={"label": "helpdesk.Customer", "pk": customer.pk, "field": field})


def test_it_reveals_for_ten_minutes_by_default_and_records_the_reason(customer, alice):
    with freeze_time("2026-03-01 10:00:00"):
        reveal_create(user=alice, obj=customer, field="email", reason="identity_check")
        assert str(Presenter(alice).shown(customer, "email")) == "erika@example.de"
    with freeze_time("2026-03-01 10:09:59"):
        assert str(Presenter(alice).shown(customer, "email")) == "erika@example.de"
    with freeze_time("2026-03-01 10:10:01"):
        assert str(Presenter(alice).shown(customer, "email")) == "e•••@example.de"
    event = AccessEvent.objects.get(action="masking.reveal")
    assert event.metadata["reason"] == "identity_check" and event.fields_shown == ["email"]


def test_it_uses_the_admins_reveal_duration(customer, alice, admin_user):
    masking_settings_update(actor=admin_user, reveal_minutes=2, tokens_may_reveal=False)

    grant = reveal_create(user=alice, obj=customer, field="phone", reason="contact")
    assert (grant.expires_at - grant.created_at).total_seconds() == pytest.approx(120, abs=2)


def test_it_refuses_and_records_a_reveal_the_role_may_not_make(customer, light):
    with pytest.raises(PermissionDenied):
        reveal_create(user=light, obj=customer, field="email", reason="contact")

    assert not RevealGrant.objects.exists()
    assert AccessEvent.objects.get(action="masking.reveal").outcome == "denied"


@pytest.mark.parametrize("reason,explanation", [("", ""), ("because", ""), ("other", ""), ("other", "x" * 501)])
def test_it_requires_a_valid_reason(customer, alice, reason, explanation):
    with pytest.raises(ValidationError):
        reveal_create(user=alice, obj=customer, field="email", reason=reason, explanation=explanation)
    assert not RevealGrant.objects.exists()


def test_it_never_reveals_through_a_token_unless_allowed(customer, alice):
    with pytest.raises(PermissionDenied):
        reveal_create(user=alice, obj=customer, field="email", reason="contact", via_token=True)


def test_it_reveals_through_the_web_form_and_returns_to_the_page(customer, ticket, alice, login):
    client = login(alice)
    back = customer.get_absolute_url()

    page = client.get(_reveal_url(customer), {"next": back})
    assert page.status_code == 200
    response = client.post(_reveal_url(customer), {"reason": "identity_check", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert RevealGrant.objects.filter(user=alice, field="email").exists()


def test_it_answers_404_for_a_customer_the_agent_cannot_see(customer, ticket, charlie, login):
    response = login(charlie).post(_reveal_url(customer), {"reason": "identity_check"})

    assert response.status_code == 404
    assert not RevealGrant.objects.exists()


@pytest.mark.parametrize("field", ["organization", "created_at", "nope"])
def test_it_answers_404_for_fields_without_personal_data(customer, ticket, alice, login, field):
    assert login(alice).get(_reveal_url(customer, field)).status_code == 404


def test_it_answers_403_when_the_role_may_not_reveal(customer, ticket, light, login):
    response = login(light).post(_reveal_url(customer), {"reason": "identity_check"})

    assert response.status_code == 403


def test_it_does_not_follow_an_offsite_next(customer, ticket, alice, login):
    response = login(alice).post(_reveal_url(customer), {"reason": "contact", "next": "https://evil.example/"})

    assert response["Location"] == "/"
