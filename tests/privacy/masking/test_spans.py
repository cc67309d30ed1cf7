import hashlib

import pytest

from privacy.detect import register_pattern, unregister_pattern
from privacy.masking import spans

TEXT = "Please refund to DE89 3704 0044 0532 0130 00 and write to erika@example.de"


@pytest.fixture
def counted_detect(monkeypatch):
    """The real detectors, counting how often they run."""
    calls = []
    real = spans.detect

    def detect(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(spans, "_memo", {})
    monkeypatch.setattr(spans, "detect", detect)
    return calls


def test_it_finds_the_spans_the_detectors_find_with_their_classifications(counted_detect):
    found = spans.personal_spans(TEXT)

    assert [(TEXT[s.start:s.end], s.classification) for s in found] == [
        ("DE89 3704 0044 0532 0130 00", "bank_account"),
        ("erika@example.de", "email"),
    ]


def test_it_runs_the_detectors_once_per_text(counted_detect):
    first = spans.personal_spans(TEXT)
    again = spans.personal_spans(TEXT)
    other = spans.personal_spans("Call me on +49 30 1234567")

    assert first == again and other != first
    assert counted_detect == [TEXT, "Call me on +49 30 1234567"]


def test_it_keeps_neither_the_text_nor_a_plain_hash_of_it(counted_detect):
    spans.personal_spans(TEXT)

    plain = {hashlib.sha256(TEXT.encode()).digest(), hashlib.blake2b(TEXT.encode(), digest_size=16).digest()}
    assert len(spans._memo) == 1
    for key, value in spans._memo.items():
        assert isinstance(key, bytes) and TEXT.encode() not in key and key not in plain
        assert all(not isinstance(part, str) or part in {"bank_account", "email"} for found in value for part in found)


def test_it_forgets_every_text_when_the_custom_patterns_change(counted_detect):
    spans.forget_if_detectors_changed()
    spans.personal_spans(TEXT)
    register_pattern("refund_ref", r"refund to")
    try:
        spans.forget_if_detectors_changed()
        spans.personal_spans(TEXT)
    finally:
        unregister_pattern("refund_ref")
    spans.forget_if_detectors_changed()
    spans.personal_spans(TEXT)

    assert counted_detect == [TEXT, TEXT, TEXT]


def test_it_stays_within_its_bound(counted_detect, monkeypatch):
    monkeypatch.setattr(spans, "MAX_TEXTS", 3)
    for number in range(5):
        spans.personal_spans(f"Ticket {number}: write to erika{number}@example.de")

    assert len(spans._memo) == 3
    spans.personal_spans("Ticket 4: write to erika4@example.de")
    spans.personal_spans("Ticket 0: write to erika0@example.de")
    assert len(counted_detect) == 6
