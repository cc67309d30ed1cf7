"""The detectors' shortcuts give the answers of the slower code they replace, on the evaluation texts.

Each shortcut (a pre-filter that decides where a regex is tried, a check done without stdnum's
generic cleaning) is compared with the plain version on the generated set, the support e-mails and
the held-out set, and with the libraries on values built to pass or fail each step.
"""

import random
import re
import sys
from pathlib import Path

import pytest
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.de import idnr

from privacy.detect import cards, credentials, iban, letters, names, national_ids
from privacy.detect.context import Context

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bench.bench_detect import load_heldout  # noqa: E402
from bench.data import pii_corpus, support_mix  # noqa: E402


@pytest.fixture(scope="module")
def texts() -> list[str]:
    messages = pii_corpus.generate(3000, seed=11) + support_mix.generate(500, seed=11) + load_heldout()
    return [m["text"] for m in messages]


def test_credential_cues_are_found_where_the_plain_regex_finds_them(texts):
    extra = ["Passwort:Passwort: x", "pin-code 1234 pinpin 4711", "my pw is hunter2 and the api-key=abc", "cvv2 123"]
    for text in [*texts, *extra]:
        lower = text.lower()
        expected = [m.span() for m in credentials._CUE.finditer(lower)]
        assert [m.span() for m in credentials.cue_matches(lower)] == expected, text


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of the named group ``cue``, with character sets and groups taken out."""
    body = pattern[pattern.index("(?P<cue>") + len("(?P<cue>") :]
    out, depth, current = [], 0, ""
    for char in body:
        if char == ")" and depth == 0:
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return [re.sub(r"\(\?:.*\)\??|\[.*?\]\??", "", alternative) for alternative in out]


def test_every_credential_cue_starts_with_a_pre_filter_word():
    alternatives = _alternatives(credentials._CUE.pattern)
    assert len(alternatives) > 20
    for alternative in alternatives:
        assert alternative.startswith(credentials.CUE_STARTS), alternative
    for word in credentials.CUE_STARTS:
        assert credentials._CUE_START.fullmatch(word), word


def _closing_by_letter(text: str, lo: int, line_end: int):
    """The sign-off search as it was written first: try every upper-case letter that starts a word."""
    for k in range(lo, line_end):
        if text[k].isupper() and (k == 0 or not text[k - 1].isalpha()):
            match = names._CLOSING.match(text, k)
            if match:
                return match
    return None


def test_sign_offs_inside_a_line_are_found_as_by_trying_every_capital(texts):
    extra = ["Ok. Herzliche Grüße\nAnna Berg", "Danke! Yours truly,\nJo Lee\n", "xBest regards\nAnna"]
    for text in [*texts, *extra]:
        start = 0
        while True:
            end = text.find("\n", start)
            if end == -1:
                break
            lo = max(start, end - names._TAIL)
            got, expected = names._closing_in(text, lo, end), _closing_by_letter(text, lo, end)
            assert (got and got.span()) == (expected and expected.span()), text
            start = end + 1


def test_the_luhn_check_agrees_with_stdnum():
    rng = random.Random(6)
    numbers = [pii_corpus.card(rng, pii_corpus.Faker("en_US")).replace(" ", "").replace("-", "") for _ in range(300)]
    numbers += ["".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19))) for _ in range(3000)]
    for digits in numbers:
        assert cards.luhn_valid(digits) == luhn.is_valid(digits), digits


def _ibans(rng: random.Random) -> list[str]:
    """Valid IBANs, and values with a correct mod-97 check whose country, length or BBAN is wrong."""
    fake = pii_corpus.Faker(list(pii_corpus.LOCALES))
    fake.seed_instance(3)
    values = [fake.iban() for _ in range(300)]
    for value in list(values):
        country, bban = value[:2], value[4:]
        for body in (bban[:-1], bban + "1", "X" + bban[1:], bban[:-1] + "Z", str(rng.randrange(10**12))):
            values.append(country + stdnum_iban.mod_97_10.calc_check_digits(body + country) + body)
    for country in ("XX", "ZZ", "AA", "QA", "LC", "RU"):
        body = "".join(rng.choice("0123456789") for _ in range(20))
        values.append(country + stdnum_iban.mod_97_10.calc_check_digits(body + country) + body)
    return values


def test_the_iban_check_agrees_with_stdnum():
    values = _ibans(random.Random(5))
    assert sum(stdnum_iban.is_valid(v) for v in values) >= 300
    for value in values:
        iban._valid_compact.cache_clear()
        assert iban._valid_compact(value) == stdnum_iban.is_valid(value), value


def _signatures_line_by_line(ctx) -> list:
    """The sign-off search as it was written first: _CLOSING at every line start, then in every line's tail."""
    text, found = ctx.text, []
    for line_start in names._line_starts(text):
        closing = names._CLOSING.match(text, line_start)
        if closing is None:
            line_end = text.find("\n", line_start)
            if line_end > line_start:
                closing = _closing_by_letter(text, max(line_start, line_end - names._TAIL), line_end)
        if closing:
            found.extend(names._span(ctx, closing, 0.85, "signature"))
    return found


def test_sign_offs_are_only_tried_on_lines_that_end_with_one(texts):
    extra = ["Best regards ,\nAnna Berg", "Thanks!!\nJo", "Danke  \t\n\n  Jonas Weber\n", "Regards\r\nAnna", "LG.\nTom"]
    for text in [*texts, *extra]:
        ctx = Context(text)
        got = [span for span in names.scan(ctx) if span.value_hint == "signature"]
        assert got == _signatures_line_by_line(ctx), text


def test_the_capital_letter_look_ahead_drops_no_candidate(texts):
    plain = re.compile(letters._CANDIDATE.pattern.replace("(?=[A-Z0-9-])", "", 1))
    assert plain.pattern != letters._CANDIDATE.pattern
    extra = ["X-1234567-L", "GB12 3456", "AB 12 34 56 C", "RSSMRA85T10A562S", "X1234567L", "Zx"]
    for text in [*texts, *extra]:
        expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in letters._CANDIDATE.finditer(text)] == expected, text


def test_key_formats_are_searched_in_every_text_that_can_hold_one(texts):
    keys = [
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE",
        "ghp_" + "a" * 36,
        "github_pat_" + "b" * 40,
        "sk_live_" + "c" * 16,
        "xoxb-1234567890-abc",
        "glpat-" + "d" * 20,
    ]
    for key in keys:
        assert credentials._KEY_FORMATS.fullmatch(key), key
        assert any(part in key for part in credentials.KEY_FORMAT_PARTS), key
    for text in [*texts, *keys]:
        if credentials._KEY_FORMATS.search(text):
            assert any(part in text for part in credentials.KEY_FORMAT_PARTS), text


def test_the_tax_id_pre_check_never_turns_away_a_valid_number():
    rng = random.Random(8)
    numbers = [pii_corpus._idnr(rng).replace(" ", "") for _ in range(2000)]
    numbers += ["".join(rng.choice("0123456789") for _ in range(11)) for _ in range(20000)]
    valid = [digits for digits in numbers if idnr.is_valid(digits)]
    assert len(valid) >= 2000
    assert any(max(map(valid_one.count, valid_one[:10])) == 3 for valid_one in valid)  # a digit three times
    assert all(national_ids.idnr_possible(digits) for digits in valid)
    assert sum(national_ids.idnr_possible(digits) for digits in numbers[2000:]) < 5000
