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
