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
_WORD = re.compile(r"[^\W\d_]+|#")
# A cue describes the next number only: the window also ends after a sentence or after another number
# ("Customer number 620917657 I used 5431 4394 ..." says nothing about the card).
_BOUNDARY = re.compile(r"[.!?][ \t]+(?=[A-ZÄÖÜ])|[0-9](?=[^0-9]*$)")


class Cues:
    """A set of cue words: ``"order*"`` is a prefix, ``"customer number"`` a phrase of whole words.

    Matching words against a set and a tuple of prefixes is far cheaper than running a regex with a
    hundred alternatives over every window, which was the detector's main cost.
    """

    def __init__(self, spec: str) -> None:
        entries = spec.split("|")
        singles = [e for e in entries if " " not in e]
        self.words = frozenset(e for e in singles if not e.endswith("*"))
        self.prefixes = tuple(e[:-1] for e in singles if e.endswith("*"))
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            if " " in entry:
                *head, last = entry.split(" ")
                self.phrases.setdefault(last, []).append(tuple(head))

    def __or__(self, other: Cues) -> Cues:
        merged = Cues("")
        merged.words = self.words | other.words
        merged.prefixes = self.prefixes + other.prefixes
        keys = {*self.phrases, *other.phrases}
        merged.phrases = {k: self.phrases.get(k, []) + other.phrases.get(k, []) for k in keys}
        return merged

    def match_at(self, words: list[str], i: int) -> bool:
        word = words[i]
        if word in self.words or (self.prefixes and word.startswith(self.prefixes)):
            return True
        for head in self.phrases.get(word, ()):
            k = len(head)
            if i >= k and all(_word_matches(words[i - k + n], h) for n, h in enumerate(head)):
                return True
        return False

    def found_in(self, words: list[str]) -> bool:
        return any(self.match_at(words, i) for i in range(len(words)))


def _word_matches(word: str, pattern: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


# Words that say "the number that follows is a business reference, not personal data".
NEGATIVE = Cues(
    "order*|bestell*|auftrag*|tracking|track|sendung*|paket*|parcel*|shipment*|shipping|liefer*|invoice*|rechnung*"
    "|receipt*|beleg*|quittung*|ticket*|vorgang*|aktenzeichen|reference*|ref|referenz*|kundennummer*|kundenkonto*"
    "|kdnr|kd nr|customer number|customer no|customer id|account id|serial*|serien*|s n|sku|artikel*|art nr|item*"
    "|product*|produkt*|model*|modell*|version*|build*|release*|transaction*|transaktion*|txn|booking*|buchung*"
    "|reservation*|confirmation*|bestätigung*|vertrag*|contract*|policy|police|membership*|mitglied*|voucher*"
    "|gutschein*|coupon*|promo*|imei|iccid|postleitzahl|plz|zip|postcode|batch|lot|ean|gtin|isbn|asin|upc|barcode"
    "|delivery note|rma|retoure*|request id|error*|fehler*|code|#|case"
)
PHONE = Cues(
    "phone*|tel|telefon*|telephone*|call*|ring*|reach*|mobile*|mobil*|cell*|handy*|fax*|whatsapp|sms|text me"
    "|rückruf*|rufnummer*|anruf*|erreich*|kontakt*|contact*|dial*|hotline*|festnetz*|landline*|my number"
    "|meine nummer|durchwahl*|ext"
)
CARD = Cues(
    "card*|karte*|kreditkarte*|visa|mastercard|master card|amex|american express|discover|maestro|cc|credit*"
    "|debit*|cvv|cvc|expir*|ablauf*|gültig bis|paid with|bezahlt mit|pan|jcb|diners|unionpay"
)
NATIONAL_ID = Cues(
    "ssn|social security|sozialversicherung*|national insurance|ni|nino|insurance number|steuer*|idnr"
    "|identifikationsnummer*|tax id|tax identification|tin|nir|sécurité sociale|securite sociale|sécu|secu|insee"
    "|dni|nie|nif|documento|bsn|burgerservicenummer*|sofinummer*|codice fiscale|cf|cod fisc|personal id|id number"
    "|id nummer|tax number|ausweis*|identity number|document number"
)
# A digit string right after "Steuer-ID" or "card" is not a phone even when libphonenumber says it could be.
NOT_PHONE = NEGATIVE | NATIONAL_ID | CARD | Cues("iban|konto*|account*|bic")


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for readability of long stop lists."""
    return frozenset(text.split())


class Context:
    """The text being scanned, plus a length-preserving lower-cased copy for cue lookups."""

    __slots__ = ("text", "lower", "_cues", "_words")

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        # str.lower() is fast, but a few characters grow when lowered; only then use the slower table.
        self.lower = lower if len(lower) == len(text) else text.translate(_LOWER_TABLE)
        self._cues: dict = {}
        self._words: dict[int, list[str]] = {}

    def window(self, start: int, size: int = WINDOW) -> str:
        """The lowered text just before ``start``, cut at the previous line break or sentence end.

        "Order 2706338966 hasn't arrived. I used 4620 7256 ..." must not let "order" describe the card;
        "Tel. 0171 ..." and "Nr. 4711" are not sentence ends because no capital letter follows.
        The window also starts after the last digit before ``start``.
        """
        lo = max(0, start - size)
        chunk = self.lower[lo:start]
        cut = chunk.rfind("\n")
        if cut >= 0:
            chunk, lo = chunk[cut + 1 :], lo + cut + 1
        last = None
        for last in _BOUNDARY.finditer(self.text, lo, start):  # noqa: B007
            pass
        return chunk[last.end() - lo :] if last else chunk

    def words_before(self, start: int, size: int = WINDOW) -> list[str]:
        if size != WINDOW:
            return _WORD.findall(self.window(start, size))
        # Cards, phones and ids all read the words before the same candidate: cut the window once.
        found = self._words.get(start)
        if found is None:
            found = self._words[start] = _WORD.findall(self.window(start))
        return found

    def last_cue(self, start: int, positive: Cues, negative: Cues = NEGATIVE) -> str | None:
        """ "positive", "negative" or None: whichever kind of cue comes last before ``start``."""
        key = (start, id(positive), id(negative))
        if key not in self._cues:
            self._cues[key] = self._last_cue(start, positive, negative)
        return self._cues[key]

    def _last_cue(self, start: int, positive: Cues, negative: Cues) -> str | None:
        words = self.words_before(start)
        for i in range(len(words) - 1, -1, -1):
            if positive.match_at(words, i):
                return "positive"
            if negative.match_at(words, i):
                return "negative"
        return None

    def has_cue(self, start: int, cues: Cues) -> bool:
        return cues.found_in(self.words_before(start))
