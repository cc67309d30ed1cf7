"""Numbers that look like personal data but are not: dates, timestamps, amounts, tracking numbers.

A decoy is a span of the internal type DECOY. It competes in overlap resolution like any other
span, so a date shadows a weak phone reading of the same digits, and is dropped before output.
"""

from __future__ import annotations

import re

from privacy.detect.context import Context
from privacy.detect.numbers import Candidate
from privacy.detect.spans import DECOY, Span

_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|eur|usd|gbp|chf|sek|dkk|pln)\s?$")
_CURRENCY_AFTER = re.compile(r"\s?(?:[€$£¥]|eur\b|euro|usd\b|gbp\b|chf\b|dollar|pfund|pound|cent)")


def is_date(a: str, b: str, c: str) -> bool:
    """d.m.y, m/d/y or y-m-d with plausible ranges."""
    if len(a) == 4:
        year, month, day = a, b, c
        return year[:2] in ("19", "20") and 1 <= int(month) <= 12 and 1 <= int(day) <= 31 and len(day) <= 2
    if len(c) not in (2, 4) or len(a) > 2 or len(b) > 2:
        return False
    x, y = int(a), int(b)
    return 1 <= x <= 31 and 1 <= y <= 31 and (x <= 12 or y <= 12)


def _contains_date(cand: Candidate) -> bool:
    groups, seps = cand.groups, cand.seps
    for k in range(len(groups) - 2):
        sep = seps[k]
        if sep != seps[k + 1] or sep not in (".", "-", "/"):
            continue
        # "06.12.34.56.78" is a French phone, not a date: a date is not continued by the same separator.
        if (k and seps[k - 1] == sep) or (k + 2 < len(seps) and seps[k + 2] == sep):
            continue
        if is_date(groups[k], groups[k + 1], groups[k + 2]):
            return True
    return False


def _looks_like_version(cand: Candidate) -> bool:
    """ "124.0.6367.118", "10.0.19045.2965": dotted with a one-digit inner group, which no phone format has."""
    return len(cand.groups) >= 3 and cand.uniform_sep() == "." and any(len(g) == 1 for g in cand.groups[1:])


def classify(ctx: Context, cand: Candidate) -> list[Span]:
    if _contains_date(cand):
        return [Span(cand.start, cand.end, DECOY, 0.96, "date")]
    if _CURRENCY_BEFORE.search(ctx.lower, max(0, cand.start - 5), cand.start) or _CURRENCY_AFTER.match(
        ctx.lower, cand.end
    ):
        return [Span(cand.start, cand.end, DECOY, 0.95, "amount")]
    if _looks_like_version(cand):
        return [Span(cand.start, cand.end, DECOY, 0.9, "version")]
    if len(cand.digits) >= 20 and cand.uniform_sep() is not None:
        return [Span(cand.start, cand.end, DECOY, 0.9, "long_number")]
    return []
