"""Pure text operations: check spans, replace them with a marker, scrub the same values elsewhere.

No Django models here, so the arrival hook and the benchmarks can call it cheaply.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MARK = "▇"
MARKER = MARK * 3
OTHER = "other"  # a free selection by an agent that no detector named
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class SpanError(ValueError):
    """A requested span cannot be redacted; `code` is stable and machine-readable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Cut:
    start: int
    end: int
    type: str


def marker(type_: str) -> str:
    return f"{MARKER} [{type_}]"


def card_marker(value: str) -> str:
    """The industry's truncation: first six and last four digits kept, the rest marked."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 13:
        return marker("payment_card")
    return "".join(digits[:6]) + MARK * (len(digits) - 10) + "".join(digits[-4:])


def check_cuts(text: str, cuts: list[Cut], *, allowed_types) -> list[Cut]:
    """Cuts sorted by start, or SpanError: out of range, empty, overlapping, unknown type, already redacted."""
    ordered = sorted(cuts, key=lambda cut: (cut.start, cut.end))
    if not ordered:
        raise SpanError("no_spans", "Name at least one span to redact.")
    previous_end = -1
    for cut in ordered:
        if not 0 <= cut.start < cut.end <= len(text):
            raise SpanError("out_of_range", f"Span {cut.start}-{cut.end} is outside the text (length {len(text)}).")
        if cut.start < previous_end:
            raise SpanError("overlapping", "Spans overlap; send each stretch of text once.")
        if cut.type not in allowed_types:
            raise SpanError("unknown_type", f"Unknown type {cut.type!r}.")
        if MARK in text[cut.start : cut.end]:
            raise SpanError("already_redacted", f"Span {cut.start}-{cut.end} is already redacted.")
        previous_end = cut.end
    return ordered


def apply_cuts(text: str, cuts: list[Cut], *, keep_card_digits: bool = False) -> tuple[str, list[str]]:
    """The text with each cut replaced by its marker, and the values that were removed."""
    pieces, removed, cursor = [], [], 0
    for cut in cuts:
        value = text[cut.start : cut.end]
        removed.append(value)
        card = keep_card_digits and cut.type == "payment_card"
        pieces += [text[cursor : cut.start], card_marker(value) if card else marker(cut.type)]
        cursor = cut.end
    pieces.append(text[cursor:])
    return "".join(pieces), removed


def scrub(value, removed: list[str], replacement: str = MARKER):
    """Remove every occurrence of the removed values from a sibling value (text, HTML or a dict of them).

    HTML that still shows a value once its tags are stripped (a number split by markup) is dropped
    entirely: the plain text beside it still renders the conversation.
    """
    if isinstance(value, dict):
        return {key: scrub(item, removed, replacement) for key, item in value.items()}
    if not isinstance(value, str) or not value:
        return value
    for item in sorted({r.strip() for r in removed if r.strip()}, key=len, reverse=True):
        value = value.replace(item, replacement).replace(html.escape(item, quote=False), replacement)
    if "<" in value and _still_visible(value, removed):
        return ""
    return value


def _still_visible(markup: str, removed: list[str]) -> bool:
    shown = _SPACE.sub(" ", html.unescape(_TAG.sub("", markup)))
    return any(_SPACE.sub(" ", item.strip()) in shown for item in removed if item.strip())
