"""IBANs: a candidate regex for the printed and the compact form, then python-stdnum's mod-97 and BBAN check.

The country code must be upper case (as printed on every statement); matching it case-insensitively
is what made Presidio read "failed" as the start of an IBAN. A greedy match may swallow a following
word of capitals and digits, so on a failed check the candidate is shortened group by group.
"""

from __future__ import annotations

import re

from stdnum import iban

from privacy.detect.context import Context
from privacy.detect.spans import Span

TYPE = "iban"
_CANDIDATE = re.compile(r"[A-Z]{2}\d\d(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?")
_GROUP_END = re.compile(r"[ ]?[A-Za-z0-9]{1,4}$")


def _valid(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    # A cheap mod-97 test first; stdnum's full check (with BBAN rules) only for survivors.
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1 and iban.is_valid(compact)


def scan(ctx: Context) -> list[Span]:
    text, spans = ctx.text, []
    for match in _CANDIDATE.finditer(text):
        start, value = match.start(), match.group()
        if start and text[start - 1].isalnum():
            continue
        while len(value) >= 15:
            end = start + len(value)
            if (end >= len(text) or not text[end].isalnum()) and _valid(value):
                spans.append(Span(start, end, TYPE, 0.99, value[:2]))
                break
            value = _GROUP_END.sub("", value)
    return spans
