"""Rejects passwords found in breaches, with the usual disguises taken off.

The list ships with the project (accounts/data/breached-passwords.txt.gz, built by
`manage.py build_breached_passwords`): truncated SHA-1 digests, no network needed. Besides the
password itself it checks the password lower-cased, with leetspeak undone and with trailing
digits and symbols removed, so "Summer2024!!!!" fails like "summer".
"""

import gzip
import hashlib
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "breached-passwords.txt.gz"
DIGEST_CHARS = 16
MIN_BASE_LENGTH = 4
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_TRAILING_NOISE = re.compile(r"[\d\W_]+$")
_LEADING_NOISE = re.compile(r"^[\d\W_]+")


def digest(password: str) -> str:
    return hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest()[:DIGEST_CHARS]


@cache
def _digests() -> frozenset[str]:
    with gzip.open(LIST_PATH, "rt", encoding="ascii") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def candidates(password: str) -> set[str]:
    lowered = password.lower()
    stripped = _LEADING_NOISE.sub("", _TRAILING_NOISE.sub("", lowered))
    forms = {password, lowered, lowered.translate(_LEET), stripped, stripped.translate(_LEET)}
    return {form for form in forms if len(form) >= MIN_BASE_LENGTH}


def is_breached(password: str) -> bool:
    known = _digests()
    return any(digest(form) in known for form in candidates(password))


class BreachedPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if is_breached(password):
            raise ValidationError(
                _("This password, or the word it is built on, appears in known data breaches. Choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be one found in known data breaches, even with digits or symbols added.")
