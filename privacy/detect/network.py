"""IP addresses, checked with the standard library's ``ipaddress``.

IPv4 arrives as a numeric candidate (four dot-separated groups). Four-part version numbers look
the same, so a "version"/"build" cue before them turns them into a decoy instead. IPv6 is found
from its colons outwards, like e-mail from its "@".
"""

from __future__ import annotations

import ipaddress
import re

from privacy.detect.context import Context
from privacy.detect.numbers import Candidate
from privacy.detect.spans import DECOY, Span

TYPE = "ip_address"
_VERSION_CUE = re.compile(r"(?:version|vers\.|ver\.|build|release|firmware|update|\bv)\s*:?\s*$")
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")


def classify(ctx: Context, cand: Candidate) -> list[Span]:
    if len(cand.groups) != 4 or cand.uniform_sep() != "." or cand.international or cand.glued_right(ctx.text):
        return []
    if any(len(g) > 3 or int(g) > 255 or (len(g) > 1 and g[0] == "0") for g in cand.groups):
        return []
    if _VERSION_CUE.search(ctx.window(cand.start, 24)):
        return [Span(cand.start, cand.end, DECOY, 0.97, "version")]
    return [Span(cand.start, cand.end, TYPE, 0.95, "v4")]


def scan_v6(ctx: Context) -> list[Span]:
    text, spans = ctx.text, []
    if text.count(":") < 2:
        return spans  # an IPv6 address has two colons at least ("::1"); "Phone: ..." alone is no reason to look
    seen_end = -1
    for colon in _colons(text):
        if colon < seen_end:
            continue
        start, end = colon, colon
        while start > 0 and text[start - 1] in _HEX_COLON:
            start -= 1
        while end < len(text) and (
            text[end] in _HEX_COLON or (text[end] == "." and end + 1 < len(text) and text[end + 1].isdigit())
        ):
            end += 1
        seen_end = end
        span = _v6_span(text, start, end)
        if span:
            spans.append(span)
    return spans


def _colons(text: str):
    i = text.find(":")
    while i != -1:
        yield i
        i = text.find(":", i + 1)


def _v6_span(text: str, start: int, end: int) -> Span | None:
    value = text[start:end].rstrip(":") if not text[start:end].endswith("::") else text[start:end]
    end = start + len(value)
    if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (end < len(text) and text[end].isalnum()):
        return None
    groups = [g for g in value.split(":") if g]
    if value.count(":") < 2 or (len(groups) < 3 and not (value.startswith("::") and groups)):
        return None
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return None
    return Span(start, end, TYPE, 0.95, "v6")
