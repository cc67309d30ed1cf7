"""E-mail addresses, found from their "@" outwards.

A regex that starts with the local part retries at every letter of every word; looking for "@"
first (a C-speed ``str.find``) and growing the match in both directions from there costs almost
nothing on text without addresses.
"""

from __future__ import annotations

import re

from privacy.detect.context import Context
from privacy.detect.spans import Span

TYPE = "email"
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])")
MAX_LOCAL = 64


def _local_start(text: str, at: int) -> int:
    i = at
    while i > 0 and at - i < MAX_LOCAL and (text[i - 1] in _LOCAL_CHARS or text[i - 1].isalnum()):
        i -= 1
    while i < at and text[i] in ".'":  # a sentence's punctuation is not part of the address
        i += 1
    return i


def scan(ctx: Context) -> list[Span]:
    text, spans = ctx.text, []
    at = text.find("@")
    while at != -1:
        start = _local_start(text, at)
        domain = _DOMAIN.match(text, at + 1)
        if start < at and domain and ".." not in text[start:at]:
            spans.append(Span(start, domain.end(), TYPE, 0.99))
        at = text.find("@", at + 1)
    return spans
