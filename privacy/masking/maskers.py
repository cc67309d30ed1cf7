"""Partial forms: enough to confirm an identity, nothing more. Fixed-width bullets, so the
masked form does not leak the length of what it hides."""

import ipaddress
import re

from privacy.classifications import Classification as C

DOTS = "•••"
HIDDEN_TEXT = "••••••"


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def email(value: str) -> str:
    local, at, domain = value.strip().rpartition("@")
    if not at or not local:
        return HIDDEN_TEXT
    return f"{local[0]}{DOTS}@{domain}"


def phone(value: str) -> str:
    digits = _digits(value)
    return f"{DOTS} {DOTS} {digits[-3:]}" if len(digits) >= 6 else HIDDEN_TEXT


def payment_card(value: str) -> str:
    digits = _digits(value)
    return f"•••• •••• •••• {digits[-4:]}" if len(digits) >= 12 else HIDDEN_TEXT


def bank_account(value: str) -> str:
    compact = re.sub(r"\s+", "", value)
    if len(compact) < 8:
        return HIDDEN_TEXT
    prefix = compact[:2] if compact[:2].isalpha() else ""
    return f"{prefix}{DOTS} {compact[-4:]}"


def name(value: str) -> str:
    parts = value.split()
    if not parts:
        return HIDDEN_TEXT
    if len(parts) == 1:
        return f"{parts[0][0]}{DOTS}"
    return f"{parts[0]} {parts[-1][0]}."


def tail(value: str, keep: int) -> str:
    compact = value.strip()
    return f"{DOTS}{compact[-keep:]}" if len(compact) > keep + 1 else HIDDEN_TEXT


def date_of_birth(value: str) -> str:
    year = re.search(r"\b(19|20)\d{2}\b", value)
    return f"{DOTS}.{year.group(0)}" if year else HIDDEN_TEXT


def address(value: str) -> str:
    """Keeps the last line or comma-separated part (usually postcode and city)."""
    parts = [part.strip() for part in re.split(r"[,\n]", value) if part.strip()]
    return f"{DOTS}, {parts[-1]}" if len(parts) > 1 else HIDDEN_TEXT


def ip_address(value: str) -> str:
    try:
        address_ = ipaddress.ip_address(value.strip())
    except ValueError:
        return HIDDEN_TEXT
    if address_.version == 4:
        return ".".join(str(address_).split(".")[:2] + ["•", "•"])
    return ":".join(address_.exploded.split(":")[:2] + [DOTS])


PARTIAL = {
    C.NAME: name,
    C.EMAIL: email,
    C.PHONE: phone,
    C.PAYMENT_CARD: payment_card,
    C.BANK_ACCOUNT: bank_account,
    C.NATIONAL_ID: lambda value: tail(value, 3),
    C.EXTERNAL_ID: lambda value: tail(value, 4),
    C.DATE_OF_BIRTH: date_of_birth,
    C.ADDRESS: address,
    C.IP_ADDRESS: ip_address,
}


def partial(classification: str, value: str) -> str:
    masker = PARTIAL.get(classification)
    return masker(value) if masker else HIDDEN_TEXT
