"""Word tokens for search: Unicode words, casefolded, diacritics and German spellings
folded (Müller, Mueller and Muller are one word), short and stop words dropped."""

import re
import unicodedata

MIN_LENGTH = 2
_WORD = re.compile(r"\w+")
_GERMAN_DIGRAPHS = re.compile(r"(?<=[a-z])([aou])e")

_STOP_WORDS_EN = (
    "a an and are as at be but by do for from has have he her his i if in is it its me my no not of on or our "
    "she so that the their them they this to us was we were what when which who will with you your"
)
_STOP_WORDS_DE = (
    "aber als am auch auf aus bei bin bis das dass dem den der des die du ein eine einem einen einer er es für "
    "hat ich ihr im in ist ja mit nicht noch oder sie sind so und uns von war wie wir zu zum zur"
)
STOP_WORDS = frozenset(_STOP_WORDS_EN.split() + _STOP_WORDS_DE.split())


def fold(word: str) -> str:
    word = word.casefold()
    word = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    return _GERMAN_DIGRAPHS.sub(r"\1", word)


def tokenize(text: str) -> set[str]:
    words = (w.casefold() for w in _WORD.findall(text or ""))
    return {fold(w) for w in words if len(w) >= MIN_LENGTH and w not in STOP_WORDS}
