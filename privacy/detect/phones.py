"""Phone numbers: our own candidates (see numbers.py), validated against libphonenumber's metadata.

PhoneNumberMatcher run once per region is slow and accepts customer numbers, IPs and "2023-721149";
parsing bounded candidates is faster and keeps precision. A number libphonenumber calls valid is
accepted when it is written like a phone (international prefix, brackets, groups) or a phone cue
precedes it; a bare digit run needs the cue. A number that is only *possible* (right length, e.g.
an unassigned area code) is accepted after an explicit cue such as "call me on".
"""

from __future__ import annotations

import functools
import re

import phonenumbers

from privacy.detect.context import NOT_PHONE, PHONE, Context
from privacy.detect.numbers import Candidate
from privacy.detect.spans import Span

TYPE = "phone"
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL")
_EXTENSION = re.compile(r"[ ]?(?:x|ext\.?|extension|durchwahl|dw\.?|app\.?)[ ]?\d{1,6}\b")
_VALID, _POSSIBLE, _NO = 2, 1, 0


# Country calling codes of the regions whose national format we build directly (see _national).
_CALLING_CODE = {"US": 1, "GB": 44, "DE": 49, "FR": 33, "ES": 34, "IT": 39, "NL": 31}


def _national(digits: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The PhoneNumber for national digits, built without ``parse()`` (which costs twice as much).

    The rules are the trunk-prefix rules of the seven regions: a leading 0 is dropped in GB, DE, FR
    and NL, a leading 1 in the US, nothing in ES, and Italy keeps its leading zero.
    """
    code = _CALLING_CODE[region]
    if region in ("GB", "DE", "FR", "NL"):
        national, leading_zero = digits[1:], False
    elif region == "US":
        national, leading_zero = (digits[1:] if len(digits) == 11 else digits), False
    else:
        national, leading_zero = digits, digits[0] == "0"
    return phonenumbers.PhoneNumber(
        country_code=code, national_number=int(national), italian_leading_zero=leading_zero or None
    )


@functools.lru_cache(maxsize=8192)
def _check(number: str, region: str | None) -> tuple[int, str | None]:
    """(_VALID | _POSSIBLE | _NO, region) for a number string parsed in ``region``.

    The shortcut decides only "valid"; anything else is settled by ``parse()``, whose handling of
    short or odd national numbers (is the leading 0 a trunk prefix?) the shortcut does not copy.
    """
    shortcut = None
    if region in _CALLING_CODE:
        shortcut = _national(number, region)
        valid_in = _valid_region(shortcut)
        if valid_in:
            return _VALID, valid_in
    try:
        parsed = phonenumbers.parse(number, region)
    except (phonenumbers.NumberParseException, ValueError):
        return _NO, None
    if parsed is None:
        return _NO, None
    valid_in = None if _same_number(parsed, shortcut) else _valid_region(parsed)
    if valid_in:
        return _VALID, valid_in
    if phonenumbers.is_possible_number(parsed):
        return _POSSIBLE, region
    return _NO, None


def _valid_region(number: phonenumbers.PhoneNumber) -> str | None:
    """The region ``is_valid_number`` finds the number valid in, or None.

    ``is_valid_number`` looks the region up and throws it away; asking for the region afterwards
    repeated that lookup, which for +1 and +44 walks every region sharing the calling code.
    """
    region = phonenumbers.region_code_for_number(number)
    return region if phonenumbers.is_valid_number_for_region(number, region) else None


def _same_number(a: phonenumbers.PhoneNumber, b: phonenumbers.PhoneNumber | None) -> bool:
    """True when validation cannot tell ``a`` and ``b`` apart (it reads only these fields)."""
    nsn = phonenumbers.national_significant_number
    return b is not None and a.country_code == b.country_code and nsn(a) == nsn(b)


def _plausible_in(region: str, digits: str) -> bool:
    """Cheap leading-digit and length rules so most regions are never parsed at all."""
    n, first = len(digits), digits[0]
    if region == "US":
        return (n == 10 and first in "23456789") or (n == 11 and first == "1")
    if region in ("GB", "DE", "FR", "NL"):
        return first == "0" and digits[1:2] != "0" and 6 <= n <= 13
    if region == "ES":
        return n == 9 and first in "6789"
    if region == "IT":
        return first in "03" and digits[:2] != "00" and 6 <= n <= 11  # "00..." is the international prefix
    return True


def _best(cand: Candidate, plausible: tuple[str, ...]) -> tuple[int, str | None]:
    """The verdict in the first region (of those ``_plausible_in``) that finds the number valid, else the best one."""
    plus = cand.international and cand.raw.lstrip("(").startswith("+")
    return _best_for(cand.digits, cand.international, plus, plausible)


def _best_for(digits: str, international: bool, plus: bool, plausible: tuple[str, ...]) -> tuple[int, str | None]:
    if international:
        number = digits[2:] if digits.startswith("00") and not plus else digits
        return _check("+" + number, None)
    best: tuple[int, str | None] = (_NO, None)
    for region in plausible:
        verdict = _check(digits, region)
        if verdict[0] == _VALID:
            return verdict
        best = max(best, verdict, key=lambda v: v[0])
    return best


def _looks_like_reference(cand: Candidate) -> bool:
    """ "2023-721149", "2024/00017": a year followed by a serial is a file or invoice number."""
    first = cand.groups[0]
    return len(cand.groups) == 2 and len(first) == 4 and first[:2] in ("19", "20") and cand.seps[0] in ("-", "/")


def may_accept(digits: str, international: bool, plus: bool, regions: tuple[str, ...], cue: str | None) -> bool:
    """False when ``classify`` rejects every candidate with these digits, whatever its position.

    The conditions are those of ``classify`` that read only the digits, the international prefix
    and the cue: the length, a plausible region, no negative cue, and a libphonenumber verdict of
    valid, or possible after a positive cue. ``plus`` tells a "+" prefix from a "00" one.
    """
    if not 6 <= len(digits) <= 17 or cue == "negative":
        return False
    plausible = () if international else tuple(r for r in regions if _plausible_in(r, digits))
    if not international and not plausible:
        return False
    verdict = _best_for(digits, international, plus, plausible)[0]
    return verdict == _VALID or (verdict == _POSSIBLE and cue == "positive")


def classify_for(regions: tuple[str, ...]):
    def classify(ctx: Context, cand: Candidate) -> list[Span]:
        digits = cand.digits
        if not 6 <= len(digits) <= 17:
            return []
        plausible = () if cand.international else tuple(r for r in regions if _plausible_in(r, digits))
        if not cand.international and not plausible:
            return []
        end = cand.end
        ext = _EXTENSION.match(ctx.lower, end)
        if ext:
            end = ext.end()
        elif cand.glued_right(ctx.text):
            return []
        cue = ctx.last_cue(cand.cue_at, PHONE, negative=NOT_PHONE)
        if cue == "negative" or (cue is None and _looks_like_reference(cand)):
            return []
        verdict, region = _best(cand, plausible)
        formatted = cand.international or cand.raw[0] == "(" or len(cand.groups) > 1
        if verdict == _VALID and (cue == "positive" or formatted):
            confidence = 0.97 if cue == "positive" else 0.85
        elif verdict == _VALID and len(digits) >= 10 and digits[0] == "0":
            confidence = 0.6  # a bare national number with its trunk zero is rarely anything else
        elif verdict == _POSSIBLE and cue == "positive" and (formatted or len(digits) >= 9):
            confidence = 0.75
        else:
            return []
        return [Span(cand.start, end, TYPE, confidence, region)]

    return classify
