"""Person names where the text itself says "a name comes here": greetings, sign-offs, introductions.

Without a language model a capitalised word is not a name (German capitalises every noun), so this
detector only reads positions where letters almost always hold a name: "Hi Anna,", "Dear Mr Smith",
"Hallo Frau Müller", a name alone on the line after "Best regards" / "Mit freundlichen Grüßen", and
"my name is ..." / "mein Name ist ...". It will miss names anywhere else; that is the price of precision.
"""

from __future__ import annotations

import re

from privacy.detect.context import Context, words
from privacy.detect.spans import Span

TYPE = "person_name"

_TITLE = (
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Hr|Fr|Madame|Monsieur|Mme|Signora|Signor|Sr|Sra|Mevrouw|Meneer)"
    r"\.?\s+)"
)
_PARTICLES = words("van von de der den da di du le la zu dos del della ten ter y")
_PARTICLE = rf"(?:(?:{'|'.join(sorted(_PARTICLES))})\s+)"
_WORD = r"[^\W\d_][^\W\d_'’]*(?:[-'’][^\W\d_]+)*"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+{_PARTICLE}*{_WORD}){{0,3}})"

_GREETING = re.compile(
    r"[ \t>]*(?:Hi|Hello|Hey|Hiya|Dear|Hallo|Liebe|Lieber|Sehr geehrte|Sehr geehrter|Guten Tag"
    r"|Guten Morgen|Guten Abend|Moin|Servus|Good morning|Good afternoon|Good evening|Grüß Gott|Bonjour|Hola|Ciao"
    r"|Buongiorno)"
    rf"[ \t]+(?:{_TITLE}){{0,2}}{_NAME}[ \t]*(?=[,!:\n]|$)"
)
_SIGN_OFFS = (
    "Best regards|Kind regards|Warm regards|Regards|Best wishes|Best|Thanks|Thank you|Many thanks|Cheers"
    "|Sincerely|Yours sincerely|Yours faithfully|Yours truly|Mit freundlichen Grüßen|Mit freundlichem Gruß"
    "|Mit besten Grüßen|Freundliche Grüße|Viele Grüße|Beste Grüße|Liebe Grüße|Herzliche Grüße|Schöne Grüße"
    "|Gruß|Grüße|Danke|Vielen Dank|Danke und Gruß|LG|VG|MfG|BG"
)
_CLOSING = re.compile(rf"[ \t>]*(?:{_SIGN_OFFS})[ \t]*[,!.]?[ \t]*(?:\n[ \t]*)+(?:{_TITLE})?{_NAME}[ \t]*(?=\n|$)")
# A sign-off ends its line (only spaces and one punctuation mark may follow it), so _CLOSING is tried
# only on lines that end with one; inside such a line only where a sign-off can start, at its first letter.
_SIGN_OFF_PHRASES = tuple(_SIGN_OFFS.split("|"))
_CLOSING_FIRST = re.compile("[" + "".join(sorted({phrase[0] for phrase in _SIGN_OFFS.split("|")})) + "]")
_INTRO_CUES = ("my name is ", "mein name ist ", "ich heiße ", "ich heisse ", "my name's ")
_NAME_AT = re.compile(_NAME)
_NOT_NAMES = words(
    "team all there everyone everybody support customer customers service services kundenservice kundendienst "
    "sir madam madame sirs zusammen kunde kundin kunden grüße gruß guys folks friend friends damen herren "
    "hotline sealdesk admin administrator helpdesk colleagues kollegen kolleginnen leute you ihr your the das der "
    "die sent gesendet von from on am im my mein meine thanks danke regards again there, morning evening "
    "afternoon abend tag i we ich wir it es this that sales billing accounting buchhaltung vertrieb mit best kind "
    "viele liebe beste freundliche herzliche schöne many warm yours sincerely cheers gruß grüße lg vg mfg"
)


_TAIL = 40  # a sign-off that ends a longer line ("Thanks for your help. Best regards,") sits in its last characters


def _clean_name(ctx: Context, match: re.Match) -> Span | None:
    start, end = match.span("name")
    words = ctx.text[start:end].split()
    # Keep leading capitalised words; stop at the first word that is not a name ("Anna, thanks" or "Hi Anna and").
    kept = []
    for word in words:
        if kept and word in _PARTICLES:
            kept.append(word)
            continue
        if word.lower() in _NOT_NAMES or not word[0].isupper():
            break
        kept.append(word)
    while kept and not kept[-1][0].isupper():
        kept.pop()
    if not kept or (len(kept) == 1 and len(kept[0]) < 2) or kept[0].isupper() and len(kept[0]) > 3:
        return None
    end = ctx.text.index(kept[-1], start) + len(kept[-1])
    return Span(start, end, TYPE, 0.0)


def scan(ctx: Context) -> list[Span]:
    """Greetings and sign-offs are tried at line starts only, which keeps the cost per line, not per letter."""
    text, spans = ctx.text, []
    for line_start in _line_starts(text):
        greeting = _GREETING.match(text, line_start)
        if greeting:
            spans.extend(_span(ctx, greeting, 0.8, "greeting"))
        line_end = text.find("\n", line_start)
        if line_end > line_start and text[line_start:line_end].rstrip(" \t,!.").endswith(_SIGN_OFF_PHRASES):
            closing = _CLOSING.match(text, line_start) or _closing_in(text, max(line_start, line_end - _TAIL), line_end)
            if closing:
                spans.extend(_span(ctx, closing, 0.85, "signature"))
    for cue in _INTRO_CUES:
        at = ctx.lower.find(cue)
        while at != -1:
            name = _NAME_AT.match(text, at + len(cue))
            if name:
                spans.extend(_span(ctx, name, 0.85, "introduction"))
            at = ctx.lower.find(cue, at + 1)
    return spans


def _line_starts(text: str):
    yield 0
    at = text.find("\n")
    while at != -1:
        yield at + 1
        at = text.find("\n", at + 1)


def _closing_in(text: str, lo: int, line_end: int) -> re.Match | None:
    """A sign-off at the end of a longer line, with the name on the next line."""
    for first in _CLOSING_FIRST.finditer(text, lo, line_end):
        k = first.start()
        if k == 0 or not text[k - 1].isalpha():
            match = _CLOSING.match(text, k)
            if match:
                return match
    return None


def _span(ctx: Context, match: re.Match, confidence: float, hint: str) -> list[Span]:
    span = _clean_name(ctx, match)
    return [Span(span.start, span.end, TYPE, confidence, hint)] if span else []
