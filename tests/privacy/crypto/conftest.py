"""Crypto tests: a throwaway KEK per session, test models installed, key memory per test."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from privacy.crypto import testing

TEST_APP = "tests.privacy.crypto.testapp.apps.CryptoTestsConfig"


@pytest.fixture(scope="session")
def crypto_test_app(django_db_setup, django_db_blocker):
    """Install the test models' app and create its tables once."""
    installed = override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, TEST_APP])
    installed.enable()
    keys = testing.ephemeral_keys()
    keys.enable()
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in apps.get_app_config("crypto_tests").get_models():
                if model._meta.db_table not in existing:
                    editor.create_model(model)
    yield
    keys.disable()
    installed.disable()


@pytest.fixture(autouse=True)
def _crypto_isolation(crypto_test_app):
    testing.forget_keys()
    yield
    testing.forget_keys()
