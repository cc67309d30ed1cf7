"""Headless Chromium for the browser tests: Debian's package (`/usr/bin/chromium`), driven by Playwright.

Playwright cannot download its own browsers here, so it launches the system one; as root it needs
`--no-sandbox`, and the background-networking flags keep it from calling out on a closed network.
"""

import os
from contextlib import contextmanager

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium_browser():
    """A running headless browser; Django's ORM may be used from the test while it runs."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def csp_violations(page) -> list[str]:
    """The console messages of a page that report a blocked Content-Security-Policy violation."""
    return [text for text in page.console_messages if "Content Security Policy" in text or "CSP" in text]
