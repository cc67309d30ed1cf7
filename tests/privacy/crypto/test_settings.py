import base64
import os
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings_crypto
from privacy.crypto.checks import check_key_material


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not base64!", "SEALDESK_LOCAL_KEK (entry 1) is not valid base64"),
        (base64.b64encode(b"x" * 16).decode(), "must decode to 32 bytes, got 16"),
        (base64.b64encode(b"k" * 32).decode() + ",short", "(entry 2) is not valid base64"),
    ],
)
def test_it_fails_bad_kek_material_with_one_line(monkeypatch, value, message):
    monkeypatch.setenv("SEALDESK_LOCAL_KEK", value)
    with pytest.raises(ImproperlyConfigured, match=r"^SEALDESK_LOCAL_KEK") as error:
        settings_crypto._env_keys("SEALDESK_LOCAL_KEK")
    assert message in str(error.value) and "\n" not in str(error.value)
    assert value.split(",")[0] not in str(error.value)


def test_it_reads_several_keys_newest_first(monkeypatch):
    keys = [os.urandom(32), os.urandom(32)]
    monkeypatch.setenv("SEALDESK_LOCAL_KEK", ",".join(base64.b64encode(k).decode() for k in keys))
    assert settings_crypto._env_keys("SEALDESK_LOCAL_KEK") == tuple(keys)


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("SEALDESK_KMS_BACKEND", "aws", lambda: settings_crypto._env_choice("SEALDESK_KMS_BACKEND", "local", ("x",))),
        ("SEALDESK_DEK_CACHE_TTL", "soon", lambda: settings_crypto._env_number("SEALDESK_DEK_CACHE_TTL", 1.0, float)),
        ("SEALDESK_DEK_CACHE_SIZE", "-5", lambda: settings_crypto._env_number("SEALDESK_DEK_CACHE_SIZE", 1, int)),
    ],
)
def test_it_fails_bad_values_loudly(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


@pytest.mark.parametrize(
    ("name", "value", "cast", "message"),
    [
        ("SEALDESK_DEK_CACHE_TTL", "soon", float, "SEALDESK_DEK_CACHE_TTL must be a number, got 'soon'"),
        ("SEALDESK_DEK_CACHE_SIZE", "1.5", int, "SEALDESK_DEK_CACHE_SIZE must be an integer, got '1.5'"),
        ("SEALDESK_DEK_CACHE_SIZE", "-5", int, "SEALDESK_DEK_CACHE_SIZE must be positive, got '-5'"),
        ("SEALDESK_DEK_CACHE_TTL", "0", float, "SEALDESK_DEK_CACHE_TTL must be positive, got '0'"),
        ("SEALDESK_DEK_CACHE_TTL", "nan", float, "SEALDESK_DEK_CACHE_TTL must be a number, got 'nan'"),
        ("SEALDESK_VAULT_TIMEOUT", "inf", float, "SEALDESK_VAULT_TIMEOUT must be a number, got 'inf'"),
        ("SEALDESK_KEYRING_CHECK_INTERVAL", "1e400", float,
         "SEALDESK_KEYRING_CHECK_INTERVAL must be a number, got '1e400'"),
    ],
)
def test_it_says_what_is_wrong_with_a_number(monkeypatch, name, value, cast, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        settings_crypto._env_number(name, 1, cast)


def test_it_reads_a_number_or_keeps_the_default_when_blank(monkeypatch):
    monkeypatch.setenv("SEALDESK_DEK_CACHE_TTL", " ")
    assert settings_crypto._env_number("SEALDESK_DEK_CACHE_TTL", 300.0, float) == 300.0
    monkeypatch.setenv("SEALDESK_DEK_CACHE_TTL", " 2.5 ")
    assert settings_crypto._env_number("SEALDESK_DEK_CACHE_TTL", 300.0, float) == 2.5


def test_it_reports_missing_key_material_outside_debug(settings, tmp_path):
    settings.DEBUG = False
    settings.SEALDESK_LOCAL_KEK = None
    settings.SEALDESK_INDEX_KEY = None
    settings.SEALDESK_LOCAL_KEK_FILE = tmp_path / "missing-kek.b64"
    settings.SEALDESK_INDEX_KEY_FILE = tmp_path / "missing-index.b64"
    assert {error.id for error in check_key_material()} == {"crypto.E001", "crypto.E002"}
    settings.DEBUG = True
    assert check_key_material() == []


@pytest.mark.django_db
def test_it_generates_a_development_kek_file_only_in_debug(settings, tmp_path):
    from privacy.crypto.backends import get_backend
    from privacy.crypto.exceptions import KmsConfigError

    settings.SEALDESK_LOCAL_KEK = None
    settings.SEALDESK_LOCAL_KEK_FILE = tmp_path / "keys" / "local-kek.b64"
    settings.DEBUG = False
    with pytest.raises(KmsConfigError, match="no local KEK configured"):
        get_backend().current_key_ref()
    assert not settings.SEALDESK_LOCAL_KEK_FILE.exists()
    settings.DEBUG = True
    get_backend().current_key_ref()
    assert settings.SEALDESK_LOCAL_KEK_FILE.stat().st_mode & 0o777 == 0o600
