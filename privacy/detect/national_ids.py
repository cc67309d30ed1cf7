"""National identity and tax numbers, validated with python-stdnum where a check digit exists.

Schemes with a strong check (FR NIR mod 97, ES DNI/NIE letter, IT codice fiscale, DE Steuer-IdNr)
are accepted on their own. Schemes with a weak check or none (US SSN, NL BSN's 11-test, GB NINO)
need a cue such as "SSN" or "BSN" before them, except the SSN's distinctive 3-2-4 grouping.
"""

from __future__ import annotations

import re

from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from privacy.detect.context import NATIONAL_ID, Context, Cues
from privacy.detect.numbers import Candidate
from privacy.detect.spans import Span

TYPE = "national_id"

SCHEME_CUES = {
    "us_ssn": Cues("ssn|social security"),
    "nl_bsn": Cues("bsn|burgerservicenummer*|sofinummer*"),
    "gb_nino": Cues("national insurance|ni|nino|insurance number"),
    "de_idnr": Cues("steuer*|idnr|identifikationsnummer*|tax id"),
    "fr_nir": Cues("nir|sécu*|secu*|insee|sécurité sociale|securite sociale"),
    "es_dni": Cues("dni|nif|documento"),
    "es_nie": Cues("nie|nif|extranjero"),
    "it_cf": Cues("codice fiscale|cf|cod fisc"),
}
# Group shapes people actually type for each numeric scheme; anything else is some other number.
SHAPES = {
    "us_ssn": ([9], [3, 2, 4]),
    "nl_bsn": ([9], [8], [4, 2, 3], [3, 3, 3], [2, 2, 2, 3]),
    "de_idnr": ([11], [2, 3, 3, 3], [3, 3, 3, 2]),
    "fr_nir": ([15], [13, 2], [1, 2, 2, 2, 3, 3, 2], [1, 2, 2, 5, 3, 2]),
}
# Digit counts of the numeric schemes (8: a BSN written without its leading zero).
NUMERIC_LENGTHS = frozenset(sum(shape) for shapes in SHAPES.values() for shape in shapes)
# Schemes whose check is weak or absent need their own name before them ("SSN", "BSN", "NI number").
NEEDS_OWN_CUE = frozenset({"nl_bsn", "gb_nino"})
# Which country each scheme belongs to, so ``locales`` can switch schemes off.
SCHEME_COUNTRY = {
    "us_ssn": "US",
    "gb_nino": "GB",
    "de_idnr": "DE",
    "fr_nir": "FR",
    "es_dni": "ES",
    "es_nie": "ES",
    "nl_bsn": "NL",
    "it_cf": "IT",
}

_DNI_LETTER = re.compile(r"[- ]?([A-Za-z])(?!\w)")
_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def _cue(ctx: Context, start: int, scheme: str) -> str | None:
    """ "scheme", "generic", "negative" or None."""
    verdict = ctx.last_cue(start, NATIONAL_ID)
    if verdict == "negative":
        return "negative"
    if verdict is None:
        return None
    specific = SCHEME_CUES.get(scheme)
    if specific is not None and ctx.has_cue(start, specific):
        return "scheme"
    return "generic"


def _confidence(cue: str | None, alone: float, scheme: str) -> float:
    if cue == "negative":
        return 0.0
    if cue == "scheme":
        return 0.97
    if cue == "generic" and (alone or scheme not in NEEDS_OWN_CUE):
        return max(alone, 0.85)
    return alone


def idnr_possible(digits: str) -> bool:
    """The Steuer-IdNr's own rules that stdnum checks too, in two cheap steps: no leading 0, and in the
    first ten digits one digit twice or three times and every other once (so 8 or 9 distinct digits).
    Most 11-digit order and serial numbers fail here, before stdnum's slower checks."""
    return digits[0] != "0" and len(set(digits[:10])) in (8, 9)


def _numeric_scheme(cand: Candidate) -> tuple[str, float] | None:
    """(scheme, confidence without a cue) for a digit candidate that passes its check."""
    digits, sep = cand.digits, cand.uniform_sep()
    if sep is None or sep not in ("", " ", "-", "."):
        return None
    n, shape = len(digits), [len(g) for g in cand.groups]
    if n == 9 and shape in SHAPES["us_ssn"] and ssn.is_valid(digits):
        dashed = shape == [3, 2, 4] and sep in ("-", " ")
        if dashed or not bsn.is_valid(digits):
            return "us_ssn", 0.75 if dashed else 0.0
    if n in (8, 9) and shape in SHAPES["nl_bsn"] and bsn.is_valid(digits):
        return "nl_bsn", 0.0
    if n == 11 and shape in SHAPES["de_idnr"] and idnr_possible(digits) and idnr.is_valid(digits):
        return "de_idnr", 0.7
    if n == 15 and shape in SHAPES["fr_nir"] and nir.is_valid(digits):
        return "fr_nir", 0.85
    return None


def classify_for(countries: frozenset[str]):
    def classify(ctx: Context, cand: Candidate) -> list[Span]:
        if cand.international or cand.raw[0] == "(":
            return []
        if len(cand.digits) == 8 and "ES" in countries:
            return _dni(ctx, cand)
        if cand.glued_right(ctx.text) or len(cand.digits) not in NUMERIC_LENGTHS:
            return []
        if ctx.last_cue(cand.cue_at, NATIONAL_ID) == "negative":
            return []  # "Kundennummer 123456789": whatever the check says, the cue vetoes it (see _confidence)
        found = _numeric_scheme(cand)
        if found is None or SCHEME_COUNTRY[found[0]] not in countries:
            return []
        scheme, alone = found
        confidence = _confidence(_cue(ctx, cand.cue_at, scheme), alone, scheme)
        return [Span(cand.start, cand.end, TYPE, confidence, scheme)] if confidence >= 0.5 else []

    return classify


def _dni(ctx: Context, cand: Candidate) -> list[Span]:
    letter = _DNI_LETTER.match(ctx.text, cand.end)
    if not letter or cand.uniform_sep() not in ("", "."):
        return []
    if not dni.is_valid(cand.digits + letter.group(1).upper()):
        return []
    confidence = _confidence(_cue(ctx, cand.cue_at, "es_dni"), 0.95, "es_dni")
    return [Span(cand.start, letter.end(), TYPE, confidence, "es_dni")] if confidence >= 0.5 else []


def alnum_handlers(countries: frozenset[str]) -> dict:
    """Handlers for letters.py: GB NINO, ES NIE and IT codice fiscale."""
    handlers = {}
    if "GB" in countries:
        handlers["nino"] = _nino
    if "ES" in countries:
        handlers["nie"] = _checked("es_nie", nie.is_valid)
    if "IT" in countries:
        handlers["cf"] = _checked("it_cf", codicefiscale.is_valid)
    return handlers


def _glued_right(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] == "_")


def _nino(ctx: Context, start: int, end: int) -> list[Span]:
    value = ctx.text[start:end].replace(" ", "")
    if _glued_right(ctx.text, end) or value[:2] in _NINO_BAD_PREFIXES:
        return []
    confidence = _confidence(_cue(ctx, start, "gb_nino"), 0.0, "gb_nino")
    return [Span(start, end, TYPE, confidence, "gb_nino")] if confidence >= 0.5 else []


def _checked(scheme: str, is_valid):
    def handler(ctx: Context, start: int, end: int) -> list[Span]:
        value = ctx.text[start:end].replace("-", "")
        if _glued_right(ctx.text, end) or not is_valid(value):
            return []
        confidence = _confidence(_cue(ctx, start, scheme), 0.95, scheme)
        return [Span(start, end, TYPE, confidence, scheme)] if confidence >= 0.5 else []

    return handler
