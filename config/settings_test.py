"""Test settings: the production module with fast hashing and eager side effects."""

import base64
import os
import tempfile
import uuid

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SEALDESK_VAR_DIR", os.path.join(tempfile.gettempdir(), "sealdesk-test-var"))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ATTACHMENT_ROOT = VAR_DIR / "attachments"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that subprocesses (manage.py ingest_email) and threads share it; a name
    # of its own per run, so no stale WAL of a killed run is ever replayed onto it, nor one shared.
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{uuid.uuid4().hex[:12]}.sqlite3")}  # noqa: F405

# Throwaway access-log keys per test run; production reads them from the environment or files.
SEALDESK_AUDIT_CHAIN_KEY = base64.b64encode(os.urandom(32)).decode()
SEALDESK_AUDIT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
