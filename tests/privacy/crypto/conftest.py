"""Crypto tests: a throwaway KEK per session, test models installed, key memory per test."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from bench.harness_process import terminate_then_kill
from privacy.crypto import testing
from tests.privacy.crypto import kms_servers

TEST_APP = "tests.privacy.crypto.testapp.apps.CryptoTestsConfig"


_installed: list = []


@pytest.fixture(scope="session")
def crypto_test_app(django_db_setup, django_db_blocker):
    """Install the test models' app and create its tables, once per session (modules outside
    this folder import this fixture, so it guards against a second installation)."""
    if not _installed:
        _installed.append(override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, TEST_APP]))
        _installed.append(testing.ephemeral_keys())
        for override in _installed:
            override.enable()
        with django_db_blocker.unblock():
            existing = set(connection.introspection.table_names())
            with connection.schema_editor() as editor:
                for model in apps.get_app_config("crypto_tests").get_models():
                    if model._meta.db_table not in existing:
                        editor.create_model(model)
    yield


@pytest.fixture(autouse=True)
def _crypto_isolation(crypto_test_app):
    testing.forget_keys()
    yield
    testing.forget_keys()


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    return kms_servers.softhsm_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture(scope="session")
def openbao():
    process, addr, token = kms_servers.start_openbao()
    yield {"addr": addr, "token": token}
    terminate_then_kill(process, grace_seconds=10)


def _use_pkcs11(settings, softhsm, key_label):
    settings.SEALDESK_KMS_BACKEND = "pkcs11"
    settings.SEALDESK_PKCS11_LIBRARY = softhsm["library"]
    settings.SEALDESK_PKCS11_TOKEN_LABEL = softhsm["token_label"]
    settings.SEALDESK_PKCS11_PIN = softhsm["pin"]
    settings.SEALDESK_PKCS11_KEY_LABEL = key_label


def _use_vault(settings, openbao, key_name):
    settings.SEALDESK_KMS_BACKEND = "vault"
    settings.SEALDESK_VAULT_ADDR = openbao["addr"]
    settings.SEALDESK_VAULT_TOKEN = openbao["token"]
    settings.SEALDESK_VAULT_KEY_NAME = key_name


@pytest.fixture(
    params=[
        "local",
        pytest.param("pkcs11", marks=pytest.mark.integration),
        pytest.param("vault", marks=pytest.mark.integration),
    ]
)
def kms(request, settings):
    """Each backend in turn, with a KEK of its own per test; returns the backend name."""
    from uuid import uuid4

    if request.param == "pkcs11":
        _use_pkcs11(settings, request.getfixturevalue("softhsm"), f"kek-{uuid4()}")
    elif request.param == "vault":
        _use_vault(settings, request.getfixturevalue("openbao"), f"kek-{uuid4()}")
    else:
        import os

        settings.SEALDESK_LOCAL_KEK = (os.urandom(32),)
    return request.param
