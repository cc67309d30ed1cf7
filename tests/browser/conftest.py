"""A fresh page in headless Chromium per test, with its console messages collected."""

import pytest

from tests.chromium import chromium_browser


@pytest.fixture
def page():
    with chromium_browser() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 800}).new_page()
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(message.text))
        yield page
