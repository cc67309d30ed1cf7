"""Settings for the Celery worker the crash test starts: the real ones plus the test models."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.privacy.crypto.testapp.apps.CryptoTestsConfig"]  # noqa: F405
