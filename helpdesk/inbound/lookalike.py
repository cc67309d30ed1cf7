"""Does a sender's domain imitate one we know (ours, a customer's) without being it?

Punycode is decoded, look-alike characters are folded to a skeleton, and the distinctive label
(the part before the public suffix) is compared by skeleton, edit distance and containment.
"""

import codecs
import unicodedata

CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ν": "v", "ο": "o", "α": "a", "ε": "e",
    "0": "o", "1": "l", "3": "e", "5": "s", "|": "l", "ı": "i",
})
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu"}


def _unicode_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return codecs.decode(label[4:].encode(), "punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _core(domain: str) -> str:
    """'mail.example.co.uk' -> 'example'."""
    labels = [_unicode_label(label) for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return labels[-1] if labels else ""


def skeleton(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(CONFUSABLES)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text.replace("rn", "m").replace("vv", "w").replace("l", "i")


def distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ch_a in enumerate(a, 1):
        current = [i]
        for j, ch_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch_a != ch_b)))
        previous = current
    return previous[-1]


def imitates(sender_domain: str, known_domain: str) -> bool:
    sender, known = sender_domain.lower().strip("."), known_domain.lower().strip(".")
    if not sender or not known or sender == known or sender.endswith("." + known):
        return False
    core_sender, core_known = _core(sender), _core(known)
    if len(core_known) < 4 or len(core_sender) > 63:
        return False
    if core_sender == core_known or skeleton(core_sender) == skeleton(core_known):
        return True
    allowed = 1 if len(core_known) <= 6 else 2
    if distance(skeleton(core_sender), skeleton(core_known)) <= allowed:
        return True
    return len(core_known) >= 5 and core_known in core_sender.replace("-", "")


def imitated(sender_domain: str, known_domains: set[str]) -> str:
    """The known domain the sender imitates, or ''."""
    if sender_domain in known_domains:
        return ""
    return next((known for known in sorted(known_domains) if imitates(sender_domain, known)), "")
