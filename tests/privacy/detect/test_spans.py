"""The span contract redaction relies on: Python string offsets, no overlaps, filters, admin types."""

import pytest

from privacy.detect import Span, custom, detect, register_pattern, replace_patterns, unregister_pattern
from privacy.detect.spans import DECOY, resolve_overlaps


def test_offsets_are_python_string_indices_after_non_ascii_text():
    text = "Grüße aus Köln 🙂🙂 — שלום — mein Passwort: Bär123! und Karte 4111 1111 1111 1111 📎"
    spans = detect(text)
    assert [(s.type, text[s.start : s.end]) for s in spans] == [
        ("credential", "Bär123!"),
        ("payment_card", "4111 1111 1111 1111"),
    ]


def test_spans_come_sorted_and_never_overlap():
    text = "Mail 0171234567@example.com or call 0171 2345678, card 4111111111111111"
    spans = detect(text)
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert [s.type for s in spans] == ["email", "phone", "payment_card"]


def test_the_more_confident_span_wins_an_overlap():
    weak = Span(0, 10, "phone", 0.6)
    strong = Span(5, 15, "payment_card", 0.9)
    assert resolve_overlaps([weak, strong]) == [strong]


def test_on_equal_confidence_the_more_specific_type_wins():
    phone = Span(0, 16, "phone", 0.9)
    card = Span(0, 16, "payment_card", 0.9)
    assert resolve_overlaps([phone, card]) == [card]


def test_decoys_shadow_weaker_readings_and_never_come_out():
    assert detect("It happened on 2024-03-12 10:22:33.") == []
    assert all(s.type != DECOY for s in detect("Am 12.03.2024 rief 030 2345 6789 an"))


def test_types_only_filter_the_result():
    text = "Mail 0171234567@example.com, card 4111111111111111"
    assert [s.type for s in detect(text, types=["phone"])] == []
    assert [s.type for s in detect(text, types=["payment_card"])] == ["payment_card"]


def test_unknown_types_and_locales_are_refused():
    with pytest.raises(ValueError, match="unknown type"):
        detect("x", types=["shoe_size"])
    with pytest.raises(ValueError, match="unknown locale"):
        detect("x", locales=["klingon"])


def test_locales_limit_national_formats_but_not_international_ones():
    text = "Call 06 12 34 56 78 or +44 7911 123456"
    assert [text[s.start : s.end] for s in detect(text, locales=["en_US"])] == ["+44 7911 123456"]
    assert len(detect(text, locales=["fr_FR", "en-US"])) == 2
    assert len(detect(text, locales=["fr"])) == 2
    assert [s.value_hint for s in detect("DNI 47115814S")] == ["es_dni"]
    assert detect("DNI 47115814S", locales=["de"]) == []


def test_the_value_hint_names_a_kind_and_never_holds_the_value():
    text = "card 4111 1111 1111 1111, IBAN DE89370400440532013000, NIE Y2345678Z, PIN 4711"
    assert [s.value_hint for s in detect(text)] == ["visa", "DE", "es_nie", "pin"]


def test_an_empty_text_has_no_spans():
    assert detect("") == []


@pytest.fixture
def _clean_registry():
    yield
    for name in list(custom._patterns):
        unregister_pattern(name)


@pytest.mark.usefixtures("_clean_registry")
def test_admins_can_add_a_pattern_type():
    register_pattern("customer_no", r"Kundennummer:?\s*(?P<value>K-\d{6})")
    text = "Kundennummer: K-123456, Tel 030 2345 6789"
    assert [(s.type, text[s.start : s.end]) for s in detect(text)] == [
        ("customer_no", "K-123456"),
        ("phone", "030 2345 6789"),
    ]
    assert [s.type for s in detect(text, types=["customer_no"])] == ["customer_no"]
    unregister_pattern("customer_no")
    assert [s.type for s in detect(text)] == ["phone"]


@pytest.mark.usefixtures("_clean_registry")
def test_a_pattern_can_carry_a_validator():
    register_pattern("even_ref", r"REF-\d+", validator=lambda v: int(v[4:]) % 2 == 0)
    assert [s.type for s in detect("REF-12 REF-13")] == ["even_ref"]


@pytest.mark.parametrize(
    ("name", "regex"),
    [("Bad Name", r"\d+"), ("phone", r"\d+"), ("ok_name", r"(unclosed"), ("empty", r"x*")],
)
def test_bad_pattern_definitions_are_refused(name, regex):
    with pytest.raises(ValueError):
        register_pattern(name, regex)


@pytest.mark.usefixtures("_clean_registry")
def test_a_model_backed_list_replaces_only_its_own_patterns():
    register_pattern("from_code", r"CODE-\d+")
    replace_patterns([{"name": "from_model", "regex": r"M-\d+"}], source="model")
    replace_patterns([{"name": "other_model", "regex": r"N-\d+"}], source="model")
    assert sorted(custom._patterns) == ["from_code", "other_model"]


@pytest.mark.usefixtures("_clean_registry")
def test_patterns_are_read_from_settings_lazily(settings):
    settings.SEALDESK_PII_PATTERNS = [{"name": "member_no", "regex": r"M\d{7}", "confidence": 0.7}]
    custom._load_settings(force=True)
    assert [(s.type, s.confidence) for s in detect("member M1234567")] == [("member_no", 0.7)]
