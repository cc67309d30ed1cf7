"""Classify a search query by what it looks like, so detectors never need the query itself."""

import re

from privacy.detect.cards import luhn_valid

PAYMENT_CARD = "payment_card"
BANK_ACCOUNT = "bank_account"
EMAIL = "email"
PHONE = "phone"
NAME = "name"
NUMBER = "number"

ALL = (PAYMENT_CARD, BANK_ACCOUNT, EMAIL, PHONE, NAME, NUMBER)
SENSITIVE = frozenset({PAYMENT_CARD, BANK_ACCOUNT})

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b")
_DIGIT_RUN = re.compile(r"(?:\d[ -]?){6,}\d")
_PHONE = re.compile(r"^\+?[\d\s()/.-]{7,20}$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'.-]*(?:['.-][^\W\d_]+)*$")
_MAX_LENGTH = 500


def classify(query: str) -> list[str]:
    """The classes a query resembles, in a fixed order; empty for plain words or blank input."""
    text = (query or "")[:_MAX_LENGTH].strip()
    if not text:
        return []
    found = set()
    if _EMAIL.search(text):
        found.add(EMAIL)
    if any(_iban_valid(m.group()) for m in _IBAN.finditer(text.upper())):
        found.add(BANK_ACCOUNT)
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.add(PAYMENT_CARD)
    if not found and _PHONE.match(text) and sum(c.isdigit() for c in text) >= 7:
        found.add(PHONE if text.startswith(("+", "0", "(")) or " " in text else NUMBER)
    elif not found and text.isdigit():
        found.add(NUMBER)
    if not found and _looks_like_name(text):
        found.add(NAME)
    return [label for label in ALL if label in found]


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _looks_like_name(text: str) -> bool:
    """Two to four capitalised words ("Erika Mustermann"): the shape of a person's name."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)
