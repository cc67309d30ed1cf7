"""Shared by the hardening tests: a headless Chromium and a verified agent session for it."""

import importlib.util

import pytest
from django.conf import settings

from tests.chromium import chromium_browser

# The fuzz test needs schemathesis (pinned in the test extras); where it is not installed the
# module is left out instead of failing the whole collection.
collect_ignore = [] if importlib.util.find_spec("schemathesis") else ["test_api_fuzz.py"]


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a hardening run of many seconds (fuzzing, browser corpus, load)")


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def session_cookie(login):
    """The session cookie of a verified session for `user`, made the way the `login` fixture makes one."""

    def _cookie(user, url: str) -> dict:
        cookie = login(user).cookies[settings.SESSION_COOKIE_NAME]
        return {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}

    return _cookie
