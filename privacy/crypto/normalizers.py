"""Canonical forms of values before blind indexing, so that equal meanings index equally."""

import re

import phonenumbers
from django.conf import settings

_SPACES = re.compile(r"\s+")


def fold_spaces(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def email(value: str) -> str:
    return _SPACES.sub("", value).casefold()


def external_id(value: str) -> str:
    return fold_spaces(value).casefold()


def phone(value: str) -> str:
    """E.164 when the number parses (default region from settings), else its digits."""
    try:
        number = phonenumbers.parse(value, settings.SEALDESK_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "".join(ch for ch in value if ch.isdigit())


NORMALIZERS = {"email": email, "phone": phone, "external_id": external_id, "text": external_id}


def get(name_or_callable):
    if callable(name_or_callable):
        return name_or_callable
    try:
        return NORMALIZERS[name_or_callable]
    except KeyError:
        raise ValueError(f"unknown normalizer {name_or_callable!r}; one of {sorted(NORMALIZERS)}") from None
