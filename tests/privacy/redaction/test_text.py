import pytest

from privacy.redaction.text import MARKER, Cut, SpanError, apply_cuts, card_marker, check_cuts, scrub

TYPES = {"payment_card", "other"}


def test_it_keeps_the_first_six_and_last_four_digits_of_a_card():
    assert card_marker("4111 1111 1111 1111") == "411111▇▇▇▇▇▇1111"


def test_it_replaces_spans_with_a_typed_marker():
    text, removed = apply_cuts("pay 4111111111111111 now", [Cut(4, 20, "payment_card")])
    assert text == f"pay {MARKER} [payment_card] now"
    assert removed == ["4111111111111111"]


@pytest.mark.parametrize(
    ("cuts", "code"),
    [
        ([], "no_spans"),
        ([Cut(0, 99, "other")], "out_of_range"),
        ([Cut(-1, 3, "other")], "out_of_range"),
        ([Cut(3, 3, "other")], "out_of_range"),
        ([Cut(0, 5, "other"), Cut(4, 8, "other")], "overlapping"),
        ([Cut(0, 5, "nonsense")], "unknown_type"),
    ],
)
def test_it_refuses_bad_spans(cuts, code):
    with pytest.raises(SpanError) as caught:
        check_cuts("some text here", cuts, allowed_types=TYPES)
    assert caught.value.code == code


def test_it_refuses_a_span_that_is_already_redacted():
    with pytest.raises(SpanError) as caught:
        check_cuts(f"card {MARKER} [payment_card]", [Cut(5, 8, "other")], allowed_types=TYPES)
    assert caught.value.code == "already_redacted"


def test_it_scrubs_values_from_html_and_dicts():
    assert scrub("<p>Card 4111 1111</p>", ["4111 1111"]) == f"<p>Card {MARKER}</p>"
    assert scrub({"a": "x 4111 1111", "b": 3}, ["4111 1111"]) == {"a": f"x {MARKER}", "b": 3}


def test_it_drops_html_that_still_shows_a_value_split_by_markup():
    assert scrub("<p>4111 <b>1111</b></p>", ["4111 1111"]) == ""
