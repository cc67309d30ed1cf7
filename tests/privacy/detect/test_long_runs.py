"""Long runs of short digit groups ("1 2 3 4 ...", a pasted column): the walk's gate (prefilter.py)
skips windows no classifier can accept, and must give exactly the spans of the walk without it."""

import random

import pytest

from privacy.detect import detect, engine, phones
from privacy.detect.context import NOT_PHONE, PHONE, Context
from privacy.detect.numbers import scan_numbers

_SEPS = [" ", " ", " ", "  ", "-", ".", "/", " - ", " / ", ". ", " (", ") ", "\n"]
_PLANTED = [
    "4111 1111 1111 1111",
    "0171 2345678",
    "+49 30 12345678",
    "0049 30 12345678",
    "06 12 34 56 78",
    "078-05-1120",
    "123 45 6789",
    "12.03.2024",
    "2024-03-12",
    "192.168.0.1",
    "10.0.19045.2965",
    "65 929 970 489",
    "1 85 05 78 006 084 36",
    "12345678Z",
    "12 345 678 901 234 567 890",
    "€ 12 345",
    "345 678 9012",
]
_BEFORE = ["", "", "Tel ", "call me on ", "card ", "SSN ", "Steuer-ID ", "Bestellnummer ", "€", "version ", "x"]


def _run(rng: random.Random) -> str:
    """A long run of 1-3 digit groups, now and then a real-looking number planted in it."""
    seps = rng.choice([[" "], [" ", "-"], [" ", ".", "/"], _SEPS])
    sizes = rng.choice([[1], [1, 2], [1, 2, 3], [2], [1, 1, 4]])
    digits = rng.choice(["0123456789", "0", "1", "3", "07", "0123"])
    parts = [rng.choice(_BEFORE)]
    for _ in range(rng.randint(12, 80)):
        if rng.random() < 0.06:
            parts.append(rng.choice(_PLANTED))
        else:
            parts.append("".join(rng.choice(digits) for _ in range(rng.choice(sizes))))
        parts.append(rng.choice(seps))
    return "".join(parts) + rng.choice(["", "", " EUR", " ext 12", "Z", " dollars"])


def _candidates(text: str, countries: tuple[str, ...], gated: bool) -> list:
    numeric, _, gate = engine._classifiers(countries)
    return scan_numbers(Context(text), numeric, gate if gated else None)


@pytest.mark.parametrize("locales", [None, "es", "de_DE", "pt_BR"])
def test_the_gate_finds_every_candidate_the_walk_without_it_finds(locales):
    countries = engine.countries_for(locales)
    rng = random.Random(17)
    texts = [_run(rng) for _ in range(400)]
    texts += ["1 " * 300, "12 " * 200, "1 2 3 " * 100, "0 " * 300, "1-2 3.4 5/6 " * 50, "00 " * 200, "3 " * 300]
    found = 0
    for text in texts:
        expected = _candidates(text, countries, gated=False)
        assert _candidates(text, countries, gated=True) == expected, text
        found += len(expected)
    assert found > 200  # the runs do hold numbers, so the comparison is not only of empty lists


def test_a_number_in_a_long_run_is_found_as_on_its_own():
    for value, type_ in [
        ("4111 1111 1111 1111", "payment_card"),
        ("+49 30 12345678", "phone"),
        ("192.168.0.1", "ip_address"),
    ]:
        alone = detect(f"Card / Tel / IP: {value}\n")
        assert [s.type for s in alone] == [type_]
        for filler in ("1 ", "12 ", "1 2 3 ", "0 ", "1-2 3.4 5/6 "):
            pad = filler * 3000
            text = f"{pad}\nCard / Tel / IP: {value}\n{pad}"
            shift = len(pad) + 1
            assert [(s.start - shift, s.end - shift, s.type, s.confidence) for s in detect(text)] == [
                (s.start, s.end, s.type, s.confidence) for s in alone
            ]


@pytest.mark.parametrize("filler", ["1 ", "12 ", "1 2 3 ", "0 ", "1-2 3.4 5/6 "])
def test_a_long_run_of_small_numbers_gives_what_its_lines_give(filler):
    """Nothing in such a run is personal data: the run gives no spans, as the same numbers do a line each."""
    assert detect(filler * 20000) == []
    assert detect("\n".join(filler.split() * 500)) == []


def test_may_accept_holds_for_every_phone_the_classifier_accepts():
    rng = random.Random(4)
    regions = phones.DEFAULT_REGIONS
    classify = phones.classify_for(regions)
    accepted = 0
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 17)))
        for cue in ("", "Tel ", "Kundennummer "):
            text = f"{cue}{digits[:3]} {digits[3:]}"
            ctx = Context(text)
            verdict = ctx.last_cue(len(cue), PHONE, negative=NOT_PHONE)
            for span in scan_numbers(ctx, [classify]):
                accepted += 1
                found = "".join(c for c in text[span.start : span.end] if c.isdigit())
                international = found.startswith("00")  # the first group has three digits: "00 49 ..." rule
                assert phones.may_accept(found, international, False, regions, verdict), text
    assert accepted > 100
