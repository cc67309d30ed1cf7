"""Shared by the hardening tests: a headless Chromium and a verified agent session for it."""

import importlib.util
import os

import pytest
from django.conf import settings

# The fuzz test needs schemathesis==4.32.5 (asked of the lead for the test extras); on a machine
# without it the module is left out instead of failing the whole collection.
collect_ignore = [] if importlib.util.find_spec("schemathesis") else ["test_api_fuzz.py"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a hardening run of many seconds (fuzzing, browser corpus, load)")


@pytest.fixture(scope="module")
def chromium():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def session_cookie(login):
    """The session cookie of a verified session for `user`, made the way the `login` fixture makes one."""

    def _cookie(user, url: str) -> dict:
        cookie = login(user).cookies[settings.SESSION_COOKIE_NAME]
        return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}

    return _cookie
