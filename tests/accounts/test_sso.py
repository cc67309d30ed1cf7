"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit) in a subprocess."""

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from audit.models import AccessEvent
from tests.oidc_provider.running import running_provider

CALLBACK = "http://testserver/accounts/sso/callback/"
IDP_USERS = {
    "alice@sealdesk.test": {"password": "idp-pass-alice", "name": "Alice", "amr": ["pwd", "otp"]},
    "nomfa@sealdesk.test": {"password": "idp-pass-nomfa", "name": "No MFA", "amr": ["pwd"]},
    "newcomer@sealdesk.test": {"password": "idp-pass-new", "name": "New Comer", "amr": ["pwd", "mfa"]},
}


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    with running_provider(tmp_path=tmp_path_factory.mktemp("idp"), redirect_uris=[CALLBACK], users=IDP_USERS) as idp:
        yield idp


@pytest.fixture
def provider(running, settings, db):
    for name, value in running.settings().items():
        setattr(settings, name, value)
    settings.SEALDESK_OIDC_TRUST_MFA = True
    return running


def sign_in_through_provider(client: Client, email: str):
    """Browser-like round trip: Sealdesk -> provider log-in form -> Sealdesk callback."""
    start = client.get("/accounts/sso/start/")
    assert start.status_code == 302
    idp = requests.Session()
    location = start["Location"]
    for _ in range(8):
        if location.startswith(CALLBACK):
            split = urlsplit(location)
            return client.get(f"{split.path}?{split.query}")
        response = idp.get(location, allow_redirects=False, timeout=10)
        if response.status_code == 200:
            response = _submit_idp_login(idp, response, email)
        assert response.status_code == 302, response.text[:500]
        location = urljoin(response.url, response.headers["Location"])
    raise AssertionError(f"the provider never redirected back (last: {location})")


def _submit_idp_login(idp: requests.Session, page, email: str):
    next_value = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    return idp.post(
        page.url,
        data={
            "username": email,
            "password": IDP_USERS[email]["password"],
            "csrfmiddlewaretoken": idp.cookies["idp_csrf"],
            "next": html.unescape(next_value),
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )


def test_it_signs_in_a_known_user_and_trusts_the_providers_mfa(provider, alice):
    client = Client()
    response = sign_in_through_provider(client, alice.email)

    assert response.status_code == 302
    assert client.get("/tickets/mine/").status_code == 200
    assert AccessEvent.objects.filter(action="auth.login", actor_id=alice.pk, metadata__method="sso").exists()


def test_it_still_asks_for_our_second_factor_when_the_provider_did_not_use_one(provider, team_a):
    from accounts.services import user_create

    user_create(email="nomfa@sealdesk.test", full_name="No MFA", role=Role.AGENT, teams=[team_a])
    client = Client()
    sign_in_through_provider(client, "nomfa@sealdesk.test")

    response = client.get("/tickets/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")


def test_it_ignores_the_mfa_claim_unless_told_to_trust_it(provider, settings, alice):
    settings.SEALDESK_OIDC_TRUST_MFA = False
    client = Client()
    sign_in_through_provider(client, alice.email)

    assert client.get("/tickets/mine/")["Location"].startswith("/accounts/2fa/")


def test_it_refuses_unknown_users_unless_just_in_time_creation_is_on(provider, settings):
    response = sign_in_through_provider(Client(), "newcomer@sealdesk.test")

    assert response["Location"] == "/accounts/login/?sso=failed"
    assert not User.objects.filter(email="newcomer@sealdesk.test").exists()


def test_it_creates_unknown_users_with_the_default_role_when_allowed(provider, settings):
    settings.SEALDESK_OIDC_CREATE_USERS = True
    settings.SEALDESK_OIDC_DEFAULT_ROLE = Role.LIGHT_AGENT
    client = Client()
    sign_in_through_provider(client, "newcomer@sealdesk.test")

    user = User.objects.get(email="newcomer@sealdesk.test")
    assert user.role == Role.LIGHT_AGENT
    assert not user.has_usable_password()
    assert client.get("/tickets/mine/").status_code == 200


def test_it_refuses_deactivated_users(provider, alice):
    alice.is_active = False
    alice.save()

    response = sign_in_through_provider(Client(), alice.email)

    assert response["Location"] == "/accounts/login/?sso=failed"


def test_it_answers_404_while_sso_is_off(client, db):
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404
