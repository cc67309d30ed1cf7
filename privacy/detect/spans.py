"""Typed spans and the overlap rule that turns raw candidates into a clean, non-overlapping list."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

# Internal type for things that look like personal data but are known not to be (dates,
# tracking numbers, amounts...). Decoys take part in overlap resolution so that they can
# shadow a weaker guess, and are dropped before spans leave the package.
DECOY = "_decoy"

# When two candidates are equally confident, the more specific type wins: a checksum-validated
# card beats a phone reading of the same digits, a phone beats a bare admin pattern.
SPECIFICITY = {
    DECOY: 100,
    "credential": 90,
    "payment_card": 80,
    "iban": 80,
    "email": 80,
    "national_id": 70,
    "ip_address": 60,
    "phone": 50,
    "person_name": 40,
}
CUSTOM_SPECIFICITY = 30


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of personal data found in a text.

    ``start``/``end`` are Python string indices (``text[start:end]`` is the value).
    ``value_hint`` says *what kind* of value it is (card brand, IBAN country, id scheme,
    phone region) and never contains the value itself, so it may go into audit events.
    """

    start: int
    end: int
    type: str
    confidence: float
    value_hint: str | None = None

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def as_dict(self) -> dict:
        return {"type": self.type, "start": self.start, "end": self.end}


def _rank(span: Span) -> tuple:
    return (-span.confidence, -SPECIFICITY.get(span.type, CUSTOM_SPECIFICITY), -len(span), span.start)


def resolve_overlaps(candidates: list[Span]) -> list[Span]:
    """Keep the best candidate of every overlapping group, greedily by confidence then specificity.

    Returns spans sorted by start. Decoys are kept here; callers drop them.
    """
    starts: list[int] = []
    kept: list[Span] = []
    for span in sorted(candidates, key=_rank):
        if span.end <= span.start:
            continue
        i = bisect.bisect_right(starts, span.start)
        if i and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return kept
