"""Headless Chromium through Playwright: an agent signs in, opens a ticket from the queue and replies."""

import tempfile
from pathlib import Path

import pytest

from tests.accounts.helpers import code_for, totp_device
from tests.chromium import csp_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())


def test_it_signs_in_opens_a_ticket_and_replies(page, live_server, transactional_db, alice, ticket):
    device = totp_device(alice)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", alice.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("#two-factor-form")
    page.fill("input[name=code]", code_for(device))
    page.click("#two-factor-form button[type=submit]")
    page.wait_for_selector(".user-menu")
    page.goto(f"{live_server.url}/tickets/open/")
    page.screenshot(path=SCREENSHOTS / "sealdesk-queue.png", full_page=True)

    page.click("a.ticket-link >> text=Refund for order 4711")
    page.wait_for_selector("#reply-form")
    page.fill("#reply-body", "We have refunded order 4711.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_selector(".comment--agent >> text=We have refunded order 4711.")
    page.screenshot(path=SCREENSHOTS / "sealdesk-ticket.png", full_page=True)

    assert page.locator(".conversation > li").count() == 2
    assert csp_violations(page) == []
