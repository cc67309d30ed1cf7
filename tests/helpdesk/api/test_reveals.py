import pytest

from accounts.models import ApiToken
from accounts.roles import Role
from audit.models import AccessEvent
from privacy.masking.models import MaskingSettings, RevealGrant

URL = "/api/v1/reveals/"


@pytest.fixture
def tokens_may_reveal(db):
    MaskingSettings.objects.update_or_create(pk=1, defaults={"tokens_may_reveal": True})


def _body(customer, **overrides):
    return {"object": "customer", "id": str(customer.pk), "field": "email", "reason": "identity_check", **overrides}


def test_it_reveals_a_masked_email_when_tokens_may(agent_api, ticket, customer, tokens_may_reveal):
    response = agent_api.post(URL, _body(customer), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["value"] == "erika@example.de"
    assert agent_api.get(f"/api/v1/customers/{customer.pk}/").json()["email"] == "erika@example.de"
    assert AccessEvent.objects.filter(action="masking.reveal", outcome="allowed").count() == 1


def test_it_bars_tokens_by_default_and_records_the_refusal(agent_api, ticket, customer):
    response = agent_api.post(URL, _body(customer), format="json")

    assert response.status_code == 403
    assert not RevealGrant.objects.exists()
    assert AccessEvent.objects.filter(action="masking.reveal", outcome="denied").count() == 1


def test_it_needs_the_reveal_scope(api_client_for, team_a, ticket, customer, tokens_may_reveal):
    reader = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.CUSTOMERS_READ])

    response = reader.post(URL, _body(customer), format="json")
    assert response.status_code == 403 and response.json()["missing_scope"] == "pii:reveal"


def test_it_answers_404_to_an_outsider(outsider_api, ticket, customer, tokens_may_reveal):
    assert outsider_api.post(URL, _body(customer), format="json").status_code == 404
    assert not RevealGrant.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [{"reason": "curious"}, {"reason": "other"}, {"field": "organization"}, {"object": "invoice"}, {"id": "nope"},
     {"explanation": 5}, {"extra": 1}],
)
def test_it_rejects_bad_input_with_a_clear_400(agent_api, ticket, customer, tokens_may_reveal, overrides):
    response = agent_api.post(URL, _body(customer, **overrides), format="json")

    assert response.status_code == 400 and response.json()["error"] == "invalid"
    assert not RevealGrant.objects.exists()
