"""Settings of a benchmark run: production settings (DEBUG off) on the bench database.

Every key the run needs lives under `var/bench/keys`, next to the data it encrypts; the data set
is rebuilt when they are missing. Only what a loopback benchmark cannot have is relaxed: no
HTTPS redirect or secure cookies, and the test hasher for the few staff passwords.
"""

import os
from pathlib import Path

from bench import harness_env

harness_env.configure()

from config.settings import *  # noqa: E402,F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405 - the plain twin tables of the baseline
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
TEMPLATES[0]["OPTIONS"]["debug"] = False  # noqa: F405
ATTACHMENT_ROOT = Path(os.environ["SEALDESK_VAR_DIR"]) / "attachments"
STATIC_ROOT = Path(os.environ["SEALDESK_VAR_DIR"]) / "static"  # nothing collected: static files are no figure
ROOT_URLCONF = "bench.harness_urls"
