"""IBANs: candidates (letters.py) in the printed and the compact form, then python-stdnum's mod-97 and BBAN check.

The country code must be upper case (as printed on every statement); matching it case-insensitively
is what made Presidio read "failed" as the start of an IBAN. A greedy match may swallow a following
word of capitals and digits, so on a failed check the candidate is shortened group by group.
"""

from __future__ import annotations

import functools
import re

from stdnum import iban
from stdnum.exceptions import ValidationError

from privacy.detect.context import Context
from privacy.detect.spans import Span

TYPE = "iban"
_GROUP_END = re.compile(r"[ ]?[A-Za-z0-9]{1,4}$")
# For mod 97 a letter stands for its base-36 value: A = 10 ... Z = 35 (either case).
_LETTER_DIGITS = str.maketrans({c: str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})


def _valid(value: str) -> bool:
    return _valid_compact(value.replace(" ", "").upper())


@functools.lru_cache(maxsize=4096)
def _valid_compact(compact: str) -> bool:
    """stdnum's BBAN check costs ~0.4 ms (a numdb lookup); an IBAN quoted again in a thread is checked once."""
    # A cheap mod-97 test first; stdnum's full check (with BBAN rules) only for survivors.
    rearranged = compact[4:] + compact[:4]
    try:
        number = int(rearranged.translate(_LETTER_DIGITS))
    except ValueError:
        return False
    return number % 97 == 1 and _bban_valid(compact)


def _bban_valid(compact: str) -> bool:
    """What ``stdnum.iban.is_valid`` checks after mod 97, for a compact upper-case value.

    stdnum walks its registry of every country (~9 µs) and recompiles the country's BBAN format on
    each call; the format of a country is looked up once here. The country's own rules (check digits
    of the national account number) are still stdnum's.
    """
    bban_format = _bban_format(compact[:2])
    if bban_format is None or not bban_format.match(compact[4:]):
        return False
    module = iban._get_cc_module(compact[:2])
    if module:
        try:
            module.validate(compact)
        except ValidationError:
            return False
    return True


@functools.cache
def _bban_format(country: str) -> re.Pattern | None:
    """The compiled BBAN structure of a country in stdnum's IBAN registry, None for an unknown country."""
    found = iban._ibandb.info(country)
    properties = found[0][1] if found and found[0][0] == country else {}
    return iban._struct_to_re(properties.get("bban", "")) if properties else None


def classify(ctx: Context, start: int, end: int) -> list[Span]:
    """An IBAN candidate from letters.py; shortened group by group until the check passes."""
    text = ctx.text
    value = text[start:end]
    while len(value) >= 15:
        end = start + len(value)
        if (end >= len(text) or not text[end].isalnum()) and _valid(value):
            return [Span(start, end, TYPE, 0.99, value[:2])]
        value = _GROUP_END.sub("", value)
    return []
