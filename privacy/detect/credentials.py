"""Secrets given after a cue ("password:", "PIN 4711", "Passwort lautet ...") and well-known key formats.

The span covers the secret only, never the cue, so a redaction leaves "password: ▇▇▇" readable.
Talk *about* passwords ("I forgot my password", "the PIN is wrong") must not match, so a value
after a loose connector such as "is" has to look like a secret (digits, symbols, mixed case) and
PIN-like cues take digits only.
"""

from __future__ import annotations

import re

from privacy.detect.context import Context, words
from privacy.detect.spans import Span

TYPE = "credential"

_CUE = re.compile(
    r"(?<![a-z0-9])(?P<cue>passwor[dt]|kennwort|passcode|passphrase|pass code|pwd|pw|login code|zugangscode"
    r"|zugangsdaten|api[ _-]?key|api[ _-]?token|access[ _-]?token|auth[ _-]?token|bearer|token"
    r"|client[ _-]?secret|secret"
    r"|pin(?:[- ]?code|[- ]?nummer)?|tan|otp|geheimzahl|sicherheitscode|security code|cvv|cvc|cvv2)(?![a-z])"
    r"(?P<conn>(?:[^\S\n]*(?:(?:ist|is|lautet|was|war|now|jetzt|nun)(?![a-z])|:|=|->|→))*)"
    r"[^\S\n]*(?P<quote>[\"'“„‚«`]?)(?P<value>[^\s\"'“”„«»`]{1,200})"
)
_DIGITS_ONLY_CUES = re.compile(r"pin|tan|otp|geheimzahl|sicherheitscode|security code|cvv|cvc")
_KEY_FORMATS = re.compile(
    r"(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{40,}|sk_(?:live|test)_[0-9A-Za-z]{16,}"
    r"|xox[abprs]-[0-9A-Za-z-]{10,}|glpat-[0-9A-Za-z_-]{20,}"
)
# Every key format above contains one of these; a text without any of them (most) is not searched.
KEY_FORMAT_PARTS = ("_", "AKIA", "ASIA", "xox", "glpat-")
_STOP = words(
    "is ist lautet was war reset expired wrong forgot vergessen change changed ändern zurücksetzen zurückgesetzt "
    "nicht not does doesn't don't didn't funktioniert works work worked please bitte the a an my mein meine your "
    "ihr ihre for für and und or oder field feld policy manager protected geschützt required erforderlich "
    "incorrect falsch invalid ungültig again erneut via per by from with mit to zu in on at of von vom "
    "und/oder entered eingegeben eingeben enter login sent gesendet geschickt will wird has hat have habe "
    "no kein keine new neue neues old alte altes same gleiche length länge"
)
_MASKED = re.compile(r"^(?:[*•●xX#.]{3,}|\[?redacted\]?|<[^>]*>|\{\{.*\}\}|\.\.\.)$")
_TRAILING = ".,;:)]}?\"'”“»"
# "Zugangsdaten: max / S3cret": a user name, then the secret
_PAIR = re.compile(r"[ \t]*/[ \t]*([^\s\"'“”„«»`]{1,200})")


def _accept(cue: str, strict_conn: bool, quoted: bool, value: str) -> bool:
    if not value or value.lower() in _STOP or _MASKED.match(value):
        return False
    if _DIGITS_ONLY_CUES.fullmatch(cue):
        return value.isdigit() and 3 <= len(value) <= 8
    if strict_conn or quoted:
        return len(value) >= 3
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    mixed = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    return len(value) >= 4 and (has_digit or has_symbol or mixed)


# Every cue of _CUE starts with one of these words. Trying _CUE only where one of them starts gives
# the same matches as _CUE.finditer, which tries every letter of the text and is slow at it (its
# look-behind comes first, so the regex engine cannot skip ahead by the first letter).
CUE_STARTS = (
    "pass", "pw", "pin", "kennwort", "login code", "zugangs", "api", "access", "auth", "bearer", "token", "tan",
    "client", "secret", "otp", "geheimzahl", "sicherheitscode", "security code", "cv",
)  # fmt: skip
# The same words, grouped by first letter: faster than a plain alternation of them, or than str.find for each.
_CUE_START = re.compile(
    r"p(?:ass|w|in)|kennwort|login code|zugangs|a(?:pi|ccess|uth)|bearer|t(?:oken|an)|client|secret|otp|geheimzahl"
    r"|s(?:icherheitscode|ecurity code)|cv"
)


def cue_matches(lower: str) -> list[re.Match]:
    """``list(_CUE.finditer(lower))``, trying _CUE only where a cue word starts."""
    matches, resume = [], 0
    for start in _CUE_START.finditer(lower):
        at = start.start()
        if at >= resume:
            match = _CUE.match(lower, at)
            if match:
                matches.append(match)
                resume = match.end()
    return matches


def scan(ctx: Context) -> list[Span]:
    spans = []
    for match in cue_matches(ctx.lower):
        start, end = match.span("value")
        pair = _PAIR.match(ctx.text, end)
        if pair:
            start, end = pair.span(1)
        value = ctx.text[start:end].rstrip(_TRAILING)
        conn = match.group("conn")
        strict = ":" in conn or "=" in conn or "→" in conn or "->" in conn
        if _accept(match.group("cue"), strict, bool(match.group("quote")), value):
            spans.append(Span(start, start + len(value), TYPE, 0.95 if strict else 0.85, match.group("cue")))
    if any(part in ctx.text for part in KEY_FORMAT_PARTS):
        for match in _KEY_FORMATS.finditer(ctx.text):
            spans.append(Span(match.start(), match.end(), TYPE, 0.97, "key_format"))
    return spans
