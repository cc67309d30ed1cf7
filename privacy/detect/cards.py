"""Payment cards: Luhn (python-stdnum) plus issuer prefixes, lengths and the way people group digits.

Luhn alone passes one random number in ten, so the issuer range and length do most of the work
against order numbers; the grouping rule (fours, or Amex 4-6-5) rejects phone-shaped strings; and
a business cue before the number ("Bestellnummer", "tracking") vetoes it.
"""

from __future__ import annotations

from privacy.detect.context import CARD, Context
from privacy.detect.numbers import Candidate
from privacy.detect.spans import Span

TYPE = "payment_card"


_DOUBLED = tuple((2 * d) // 10 + (2 * d) % 10 for d in range(10))


def luhn_valid(digits: str) -> bool:
    """The Luhn check of an ASCII digit string (what stdnum's ``luhn.is_valid`` answers for one, at a
    fraction of its cost: it cleans and re-validates its input first)."""
    odd = digits[-1::-2]
    even = digits[-2::-2]
    total = sum(map(int, odd)) + sum(_DOUBLED[int(c)] for c in even)
    return total % 10 == 0


def brand(digits: str) -> str | None:
    """The card scheme for a digit string by issuer prefix and length, or None."""
    n = len(digits)
    if n < 12 or n > 19:
        return None
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and 16 <= n <= 19:
        return "discover"
    if (3528 <= p4 <= 3589 and 16 <= n <= 19) or (p4 in (2131, 1800) and n == 15):
        return "jcb"
    if (300 <= p3 <= 305 or p4 == 3095 or p2 in (36, 38, 39)) and 14 <= n <= 19:
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if (p2 == 50 or 56 <= p2 <= 69) and 12 <= n <= 19:
        return "maestro"
    return None


def _grouped_like_a_card(cand: Candidate) -> bool:
    return grouped_like_a_card([len(g) for g in cand.groups], cand.uniform_sep())


def grouped_like_a_card(sizes: list[int], sep: str | None) -> bool:
    """Digits in groups of ``sizes`` joined by ``sep`` (None when mixed) are written the way cards are."""
    if sep == "":
        return True
    if sep not in (" ", "-"):
        return False
    if sizes[:-1] == [4] * (len(sizes) - 1) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4])


def classify(ctx: Context, cand: Candidate) -> list[Span]:
    digits = cand.digits
    if cand.international or not 12 <= len(digits) <= 19 or cand.raw[0] == "(":
        return []
    if not _grouped_like_a_card(cand) or cand.glued_right(ctx.text) or not luhn_valid(digits):
        return []
    kind = brand(digits)
    cue = ctx.last_cue(cand.cue_at, CARD)
    if cue == "negative":
        return []
    if kind is None:
        # Luhn-valid, card-shaped and introduced as a card: an issuer range we do not list (or a typo'd
        # IIN in test data) is still most likely a card the customer meant to give us.
        return [Span(cand.start, cand.end, TYPE, 0.8, "unknown")] if cue == "positive" and len(digits) >= 13 else []
    if cue is None and (kind == "maestro" and len(digits) < 16):
        return []  # 12-15 digit Maestro numbers look like everything else; ask for "card"
    confidence = 0.99 if cue == "positive" else 0.9
    return [Span(cand.start, cand.end, TYPE, confidence, kind)]
