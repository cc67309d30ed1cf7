"""Cut the quoted history off a plain-text reply, so a ticket shows each message once."""

import re

# A line that starts the quoted previous message, in the shapes common clients write.
HEADER_LINES = [
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),  # Gmail, Apple Mail, Thunderbird
    re.compile(r"^\s*Am\b.{0,200}\bschrieb\b.{0,200}:\s*$", re.IGNORECASE),  # German clients
    re.compile(r"^\s*Le\b.{0,200}\ba écrit\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Urspr.ngliche Nachricht)\s*-{2,}\s*$", re.I),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook on the web draws a rule above the quoted header block
]
FROM_LINE = re.compile(r"^\s*\*?(From|Von)\s*:\*?\s", re.IGNORECASE)
SENT_LINE = re.compile(r"^\s*\*?(Sent|Date|Gesendet|Datum)\s*:\*?\s", re.IGNORECASE)
# Gmail wraps a long "On ... wrote:" over two lines.
SPLIT_ON = re.compile(r"^\s*On\b.{0,200}$", re.IGNORECASE)
WROTE = re.compile(r"^.{0,200}\bwrote:\s*$", re.IGNORECASE)


def strip_quoted(text: str) -> str:
    """The new part of the message; the whole text when cutting would leave nothing."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = _quote_start(lines)
    kept = lines[:cut]
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    result = "\n".join(kept).strip()
    return result if result else text.strip()


def _quote_start(lines: list[str]) -> int:
    quoted_tail = len(lines)
    while quoted_tail and _quoted_or_blank(lines[quoted_tail - 1]):
        quoted_tail -= 1
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if any(pattern.match(line) for pattern in HEADER_LINES):
            return index
        if FROM_LINE.match(line) and any(SENT_LINE.match(nxt) for nxt in lines[index + 1 : index + 4]):
            return index
        if SPLIT_ON.match(line) and WROTE.match(following):
            return index
        if index >= quoted_tail and line.lstrip().startswith(">"):
            return index
    return len(lines)


def _quoted_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith(">")
