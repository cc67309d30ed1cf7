import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import ApiToken
from audit.models import AccessEvent

FORM = {"name": "Shop integration", "role": "agent", "scopes": ["tickets:read"], "expires_in_days": "30"}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def test_an_admin_creates_a_token_and_sees_it_once(login, admin_user, team_a, ticket):
    client = login(admin_user)

    response = client.post("/accounts/api-tokens/new/", {**FORM, "teams": [str(team_a.pk)]})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw_key = response.content.decode().split('id="api-token-value">')[1].split("<")[0]
    token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash_key(raw_key) and raw_key not in str(token.__dict__)
    assert token.scopes == ["tickets:read"] and token.expires_at is not None
    assert token.created_by == admin_user
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert api.get("/api/v1/tickets/").status_code == 200
    listing = client.get("/accounts/api-tokens/").content.decode()
    assert raw_key not in listing and token.key_hint in listing


def test_it_shows_when_a_token_was_last_used(login, admin_user, api_client_for):
    api_client_for().get("/api/v1/tickets/")

    listing = login(admin_user).get("/accounts/api-tokens/").content.decode()

    assert listing.split("<tbody>")[1].count("never") == 1  # the expiry; last use has a time


def test_it_rejects_a_form_without_scopes_or_expiry(login, admin_user):
    response = login(admin_user).post("/accounts/api-tokens/new/", {"name": "x", "role": "agent"})

    assert response.status_code == 200
    assert response.content.decode().count('class="field-error"') == 2
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(login, admin_user, api_client_for):
    api = api_client_for()
    token = ApiToken.objects.get()

    assert login(admin_user).post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 302

    assert api.get("/api/v1/tickets/").status_code == 401
    assert AccessEvent.objects.filter(action="api_token.revoke", actor_id=admin_user.pk).count() == 1


@pytest.mark.parametrize("fixture", ["alice", "compliance"])
def test_other_roles_get_404(request, login, fixture, api_client_for):
    client = login(request.getfixturevalue(fixture))
    api_client_for()
    token = ApiToken.objects.get()

    assert client.get("/accounts/api-tokens/").status_code == 404
    assert client.post("/accounts/api-tokens/new/", FORM).status_code == 404
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_token_list_runs_a_constant_number_of_queries(login, admin_user, api_client_for, team_a,
                                                          django_assert_max_num_queries):
    client = login(admin_user)
    api_client_for(teams=[team_a])
    with django_assert_max_num_queries(10) as few:
        client.get("/accounts/api-tokens/")
    for _ in range(5):
        api_client_for(teams=[team_a])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/accounts/api-tokens/").status_code == 200


def test_it_answers_429_with_retry_after_over_the_per_token_rate(settings, api_client_for):
    settings.SEALDESK_API_TOKEN_RATE = "3/minute"
    first, second = api_client_for(), api_client_for()

    assert [first.get("/api/v1/tickets/").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/api/v1/tickets/")

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["error"] == "throttled"
    assert second.get("/api/v1/tickets/").status_code == 200
