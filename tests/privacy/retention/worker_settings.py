"""Settings of the real Celery worker the kill -9 test starts: the test's database, keys, files
and a queue of its own on the test Redis, with tasks queued for real."""

import base64
import os
from pathlib import Path

from config.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["RETENTION_TEST_BROKER"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["RETENTION_TEST_QUEUE"]  # consumed, and the run's next batches sent there
ATTACHMENT_ROOT = Path(os.environ["ATTACHMENT_ROOT"])
SEALDESK_KMS_BACKEND = "local"
SEALDESK_LOCAL_KEK = (base64.b64decode(os.environ["RETENTION_TEST_KEK"]),)
SEALDESK_INDEX_KEY = base64.b64decode(os.environ["RETENTION_TEST_INDEX_KEY"])
SEALDESK_AUDIT_CHAIN_KEY = os.environ["RETENTION_TEST_AUDIT_KEY"]
SEALDESK_RETENTION_TASK_SECONDS = 5
