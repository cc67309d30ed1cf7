"""Context words (English and German) that raise or lower confidence in a candidate.

A digit string means little by itself: "4111 1111 1111 1111" after "my card" is a card, the same
digits after "Bestellnummer" are an order number. Detectors ask which cue comes *last* in a short
window before the candidate; the nearest cue describes it.
"""

from __future__ import annotations

import re

# Lower-casing must keep string length, or offsets found in the lowered copy would drift
# ("İ".lower() is two characters). This table lowers only letters that map one-to-one.
_LOWER = {c: c.lower() for c in map(chr, range(0x41, 0x250)) if len(c.lower()) == 1 and c.lower() != c}
_LOWER_TABLE = str.maketrans(_LOWER)

WINDOW = 48

# Words that say "the number that follows is a business reference, not personal data".
NEGATIVE = (
    r"order|bestell|auftrag|tracking|track|sendung|paket|parcel|shipment|shipping|lieferung|liefer"
    r"|invoice|rechnung|receipt|beleg|quittung|ticket|case (?:number|no|id)|case ?[#:]|\bcase $|vorgang"
    r"|aktenzeichen|reference|ref\b|ref\.|referenz"
    r"|kundennummer|kunden-?nr|kd\.?-?nr|customer (?:number|no|id)|kundenkonto|account id|serial|serien|s/n"
    r"|sku|artikel|art\.-?nr|item|product|produkt|model|modell|version|build|release|transaction|transaktion|txn"
    r"|booking|buchung|reservation|confirmation|best[aä]tigung|vertrag|contract|policy|police|membership"
    r"|mitglied|voucher|gutschein|coupon|promo|imei|iccid|postleitzahl|plz|zip|postcode|batch|lot\b"
    r"|ean|gtin|isbn|asin|upc|barcode|lieferschein|delivery note|rma|retoure|request id|error|fehler"
    r"|code|#"
)

PHONE = (
    r"phone|tel\b|tel\.|tel:|telefon|telephone|call|ring|reach|mobile|mobil|cell|handy|fax|whatsapp|sms|text me"
    r"|r[uü]ckruf|rufnummer|anruf|erreich|kontakt|contact|dial|hotline|festnetz|landline|my number|meine nummer"
    r"|unter der|under the number|durchwahl|ext\.|phone number|nummer ist|number is"
)
CARD = (
    r"card|karte|visa|mastercard|master card|amex|american express|discover|maestro|\bcc\b|credit|debit"
    r"|kartennummer|cvv|cvc|expir|ablauf|g[uü]ltig bis|paid with|bezahlt mit|pan\b|jcb|diners|unionpay"
)
NATIONAL_ID = (
    r"ssn|social security|sozialversicherung|national insurance|\bni\b|ni number|ni no|nino|insurance number"
    r"|steuer-?id|steuer-?idnr|steuer-identifikationsnummer|steueridentifikationsnummer|identifikationsnummer"
    r"|\bidnr|tax id|tax identification|\btin\b|\bnir\b|s[eé]curit[eé] sociale|num[eé]ro de s[eé]cu|s[eé]cu\b"
    r"|insee|\bdni\b|\bnie\b|\bnif\b|documento|\bbsn\b|burgerservicenummer|sofinummer|codice fiscale"
    r"|cod\. fisc|personal id|id number|id-nummer|tax number|steuernummer|ausweis|identity number"
)


def compile_cues(pattern: str) -> re.Pattern:
    return re.compile(pattern)


NEGATIVE_RE = compile_cues(NEGATIVE)
PHONE_RE = compile_cues(PHONE)
CARD_RE = compile_cues(CARD)
NATIONAL_ID_RE = compile_cues(NATIONAL_ID)
# A digit string right after "Steuer-ID" or "card" is not a phone even when libphonenumber says it could be.
NOT_PHONE_RE = compile_cues(f"{NEGATIVE}|{NATIONAL_ID}|{CARD}|iban|konto|account")


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for readability of long stop lists."""
    return frozenset(text.split())


class Context:
    """The text being scanned, plus a length-preserving lower-cased copy for cue lookups."""

    __slots__ = ("text", "lower")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.translate(_LOWER_TABLE)

    def window(self, start: int, size: int = WINDOW) -> str:
        """The lowered text just before ``start``, cut at the previous line break."""
        lo = max(0, start - size)
        chunk = self.lower[lo:start]
        cut = chunk.rfind("\n")
        return chunk[cut + 1 :] if cut >= 0 else chunk

    def last_cue(
        self, start: int, positive: re.Pattern, size: int = WINDOW, negative: re.Pattern = NEGATIVE_RE
    ) -> str | None:
        """ "positive", "negative" or None: whichever kind of cue comes last before ``start``."""
        chunk = self.window(start, size)
        if not chunk:
            return None
        pos = _last_end(positive, chunk)
        neg = _last_end(negative, chunk)
        if pos < 0 and neg < 0:
            return None
        return "positive" if pos > neg else "negative"

    def has_cue(self, start: int, cue: re.Pattern, size: int = WINDOW) -> bool:
        return cue.search(self.window(start, size)) is not None


def _last_end(pattern: re.Pattern, chunk: str) -> int:
    end = -1
    for match in pattern.finditer(chunk):
        end = match.end()
    return end
