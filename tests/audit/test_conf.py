import base64
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from audit import conf


@pytest.mark.parametrize(("reader", "name", "default"), [
    (conf.checkpoint_minutes, "SEALDESK_AUDIT_CHECKPOINT_MINUTES", 5),
    (conf.detect_batch_size, "SEALDESK_AUDIT_DETECT_BATCH", 5000),
])
def test_it_reads_positive_whole_numbers_from_the_environment(monkeypatch, reader, name, default):
    monkeypatch.delenv(name, raising=False)
    assert reader() == default
    monkeypatch.setenv(name, " ")
    assert reader() == default
    monkeypatch.setenv(name, " 12 ")
    assert reader() == 12


def test_it_prefers_a_django_setting_over_the_environment(monkeypatch, settings):
    monkeypatch.setenv("SEALDESK_AUDIT_CHECKPOINT_MINUTES", "7")
    settings.SEALDESK_AUDIT_CHECKPOINT_MINUTES = 3
    assert conf.checkpoint_minutes() == 3


@pytest.mark.parametrize(("value", "message"), [
    ("soon", "SEALDESK_AUDIT_CHECKPOINT_MINUTES must be an integer, got 'soon'"),
    ("1.5", "SEALDESK_AUDIT_CHECKPOINT_MINUTES must be an integer, got '1.5'"),
    ("0", "SEALDESK_AUDIT_CHECKPOINT_MINUTES must be positive, got '0'"),
    ("-5", "SEALDESK_AUDIT_CHECKPOINT_MINUTES must be positive, got '-5'"),
])
def test_it_fails_a_bad_number_loudly(monkeypatch, value, message):
    monkeypatch.setenv("SEALDESK_AUDIT_CHECKPOINT_MINUTES", value)
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        conf.checkpoint_minutes()


@pytest.mark.parametrize(("value", "message"), [
    ("not base64!", "SEALDESK_AUDIT_CHAIN_KEY is not valid base64"),
    (base64.b64encode(b"x" * 16).decode(), "SEALDESK_AUDIT_CHAIN_KEY must decode to 32 bytes, got 16"),
])
def test_it_fails_bad_key_material_without_showing_it(settings, value, message):
    settings.SEALDESK_AUDIT_CHAIN_KEY = value
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        conf.chain_key()


def test_it_names_the_key_file_that_holds_a_bad_key(settings, tmp_path):
    path = tmp_path / "chain.b64"
    path.write_text(base64.b64encode(b"short").decode() + "\n")
    settings.SEALDESK_AUDIT_CHAIN_KEY = ""
    settings.SEALDESK_AUDIT_CHAIN_KEY_FILE = str(path)
    message = f"SEALDESK_AUDIT_CHAIN_KEY_FILE {path} must decode to 32 bytes, got 5"
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        conf.chain_key()


def test_it_fails_a_bad_trusted_public_key(settings):
    good = base64.b64encode(b"k" * 32).decode()
    settings.SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS = f"{good}, {good}"
    assert conf.trusted_public_keys() == (b"k" * 32, b"k" * 32)
    settings.SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS = f"{good},nope!"
    message = "SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS is not valid base64"
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        conf.trusted_public_keys()
