"""Headless Chromium signs in the ways a person does: password then TOTP (first set-up and a later
sign-in), and through the company's OpenID Connect provider."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.accounts.helpers import code_for, totp_device
from tests.chromium import csp_violations
from tests.conftest import PASSWORD
from tests.oidc_provider.running import running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _password_step(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def _assert_in_the_agent_ui(page, base_url: str) -> None:
    page.wait_for_selector(".user-menu")
    assert page.url.startswith(base_url)
    page.goto(f"{base_url}/tickets/open/")
    page.wait_for_selector("a.ticket-link >> text=Refund for order 4711")
    assert csp_violations(page) == []


def test_it_sets_up_totp_from_the_qr_page_then_signs_in_with_a_code(page, live_server, alice, ticket):
    _password_step(page, live_server.url, alice.email)
    page.wait_for_selector(".qr-code svg")
    secret = page.inner_text("#totp-secret").replace(" ", "")
    code = totp(b32decode(secret + "=" * (-len(secret) % 8)))
    page.fill("input[name=code]", f"{code:06d}")
    page.click("#totp-setup-form button[type=submit]")
    page.wait_for_selector("#backup-codes")
    assert page.locator("#backup-codes li").count() == 10
    page.click("text=I have stored them, continue")
    _assert_in_the_agent_ui(page, live_server.url)


def test_it_signs_in_with_password_and_totp(page, live_server, alice, ticket):
    device = totp_device(alice)
    _password_step(page, live_server.url, alice.email)
    page.wait_for_selector("#two-factor-form")
    assert page.get_attribute("input[name=code]", "autocomplete") == "one-time-code"
    page.fill("input[name=code]", code_for(device))
    page.click("#two-factor-form button[type=submit]")
    _assert_in_the_agent_ui(page, live_server.url)


def test_it_signs_in_through_the_oidc_provider(page, live_server, settings, tmp_path, alice, ticket):
    users = {alice.email: {"password": "idp-password-of-alice", "name": "Alice", "amr": ["pwd", "otp"]}}
    callback = f"{live_server.url}/accounts/sso/callback/"
    with running_provider(tmp_path=tmp_path, redirect_uris=[callback], users=users) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.SEALDESK_OIDC_TRUST_MFA = True

        page.goto(f"{live_server.url}/accounts/login/")
        page.click("#sso-sign-in")
        page.wait_for_selector("#idp-login")
        assert page.url.startswith(provider.url)
        page.fill("input[name=username]", alice.email)
        page.fill("input[name=password]", "idp-password-of-alice")
        page.click("#idp-login button[type=submit]")
        _assert_in_the_agent_ui(page, live_server.url)
