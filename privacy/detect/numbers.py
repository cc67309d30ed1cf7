"""Finding numeric candidates once, for every detector that reads digits.

Cards, phones, numeric national ids, IPv4 addresses and the numeric decoys (dates, long tracking
numbers) all start as "digits with separators". Scanning the text once with a regex that starts
with a plain character class is several times faster than one regex per type, and lets the
sub-range walk below hand each detector the same cleanly bounded candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from privacy.detect.context import Context
from privacy.detect.spans import Span

_RUN = re.compile(r"[0-9][0-9 ()./-]{3,}")  # shorter runs hold fewer than MIN_DIGITS digits: skip them in C
_GROUP = re.compile(r"[0-9]+")
_TRAILING = " (./-"
MAX_GROUPS = 9  # the longest real format ("1 85 05 78 006 084 36" plus a neighbour) has 7 or 8 groups
MIN_DIGITS = 4  # "1.1.1.1" is the shortest thing any numeric detector (or decoy) cares about
MAX_DIGITS = 40


@dataclass(slots=True)
class Candidate:
    """A bounded stretch of digit groups: ``text[start:end]`` with its groups and separators."""

    start: int
    end: int
    groups: list[str]
    seps: list[str]
    international: bool  # written with a leading "+" or "00"
    raw: str
    cue_at: int  # where context is read: the start of the whole run, so "Steuer-ID 12 345 ..." keeps its cue
    digits: str  # the groups joined; every classifier reads it, so it is built once
    sep: str | None  # see uniform_sep()

    def glued_right(self, text: str) -> bool:
        """True when the token goes on: "12345678Z", "0171x12", "2024-03-12 10:22", "1.299,00"."""
        if self.end >= len(text):
            return False
        nxt = text[self.end]
        if nxt.isalnum() or nxt == "_":
            return True
        if nxt == "@":
            return True
        return nxt in ":.,-/" and self.end + 1 < len(text) and text[self.end + 1].isalnum()

    def uniform_sep(self) -> str | None:
        """The one separator used between all groups, "" for a bare run, None when mixed."""
        return self.sep


def _uniform(seps: list[str]) -> str | None:
    if not seps:
        return ""
    first = seps[0]
    return first if all(s == first for s in seps) else None


Classifier = Callable[[Context, Candidate], list[Span]]


def scan_numbers(ctx: Context, classifiers: list[Classifier], gate=None) -> list[Span]:
    """``gate`` (see prefilter.py), given ``(ctx, groups, counts, loose, run_start)`` of a long run, returns for a start
    the number of groups of the largest window that may give a span; the walk tries none larger."""
    found: list[Span] = []
    for match in _RUN.finditer(ctx.text):
        found.extend(_walk_run(ctx, match.start(), match.end(), classifiers, gate))
    return found


def _walk_run(ctx: Context, start: int, end: int, classifiers: list[Classifier], gate=None) -> Iterator[Span]:
    """Hand the classifiers the longest plausible stretches of the run, left to right.

    A run may hold several numbers ("030 1234567 / 0171 2345678") or a number and its neighbour
    ("4111 1111 1111 1111 12/25"), so when the whole run means nothing, shorter stretches are
    tried; a stretch starts and ends only where the writer put a space, never inside "1.2.3.4".
    """
    text = ctx.text
    if end - start < MIN_DIGITS or _glued_left(text, start) or _continues_code(text, start):
        return
    groups = [m.span() for m in _GROUP.finditer(text, start, end)]
    n = len(groups)
    run_start = start - 1 if start and text[start - 1] in "(+" else start
    counts = [0]
    for a, b in groups:
        counts.append(counts[-1] + b - a)
    loose = [" " in text[groups[k][1] : groups[k + 1][0]] for k in range(n - 1)]
    may_match = gate(ctx, groups, counts, loose, run_start) if gate is not None and n > MAX_GROUPS + 1 else None
    i = 0
    while i < n:
        if i and not loose[i - 1]:
            i += 1
            continue
        taken = 0
        top = i + may_match(i) if may_match is not None and 0 < i < n - MAX_GROUPS else min(n, i + MAX_GROUPS)
        for j in range(top, i, -1):
            if (j < n and not loose[j - 1]) or not MIN_DIGITS <= counts[j] - counts[i] <= MAX_DIGITS:
                continue
            spans = _classify(ctx, groups, i, j, classifiers, run_start)
            if spans:
                yield from spans
                taken = j
                break
        i = taken if taken else i + 1


_CODE_BEFORE = re.compile(r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4})+ $")


def _continues_code(text: str, start: int) -> bool:
    """True for the digits of "GB56 ZHWX 8886 8252 ...": the tail of an IBAN-shaped string (a bad one,
    or letters.py would have taken it), not a phone of its own."""
    return start >= 2 and text[start - 2].isupper() and _CODE_BEFORE.search(text, max(0, start - 40), start) is not None


def _glued_left(text: str, start: int) -> bool:
    """True when the digits continue a word or token: "ABC123", "INV-2024", "v1.2", "1,299"."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isalnum() or prev == "_":
        return True
    if prev in "-./,:" and start >= 2:
        before = text[start - 2]
        return before.isalnum() and not (prev == ":" and before.isalpha())
    return False


def _classify(ctx: Context, groups, i: int, j: int, classifiers: list[Classifier], run_start: int) -> list[Span]:
    text = ctx.text
    start, end = groups[i][0], groups[j - 1][1]
    international = False
    # Pull in the opening of "+49 ..." and "(030) ..." which the run regex leaves out.
    lead = start
    while lead > 0 and text[lead - 1] in "(+ " and start - lead < 3:
        lead -= 1
    lead_text = text[lead:start]
    if "+" in lead_text:
        international = True
        start = lead + lead_text.index("+")
    elif "(" in lead_text:
        start = lead + lead_text.index("(")
    if end < len(text) and text[end] == ")" and "(" in text[start:end]:
        end += 1
    group_texts = [text[a:b] for a, b in groups[i:j]]
    seps = [text[groups[k][1] : groups[k + 1][0]] for k in range(i, j - 1)]
    if not international and group_texts[0].startswith("00") and len(group_texts[0]) <= 4 and j - i > 1:
        international = True
    cand = Candidate(
        start,
        end,
        group_texts,
        seps,
        international,
        text[start:end],
        min(start, run_start),
        "".join(group_texts),
        _uniform(seps),
    )
    spans: list[Span] = []
    for classify in classifiers:
        spans.extend(classify(ctx, cand))
    return spans
