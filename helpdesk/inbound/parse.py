"""RFC 822 bytes to a plain structure. Never raises on bad input: broken MIME, unknown charsets and
undecodable bytes end up as replacement characters or empty values, not exceptions.
"""

import codecs
import email
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from helpdesk.inbound import html as html_tools

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
# Labels mail clients get wrong: Windows-1252 is a superset that decodes what they really sent.
CHARSET_ALIASES = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "us-ascii": "windows-1252",
                   "ascii": "windows-1252", "x-unknown": "utf-8", "unknown-8bit": "utf-8"}


@dataclass
class Part:
    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass
class ParsedMessage:
    raw_size: int
    message_id: str
    message_id_hash: str
    in_reply_to: list[str]
    references: list[str]
    from_name: str
    from_address: str
    recipients: list[str]
    subject: str
    text: str
    html: str
    parts: list[Part] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)
    content_type: str = "text/plain"

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""


def digest(message_id: str) -> str:
    return hashlib.sha256(message_id.strip().lower().encode()).hexdigest()


def parse(raw: bytes) -> ParsedMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    headers = _headers(message)
    message_id = _message_ids(_first(headers, "message-id"))[:1]
    from_name, from_address = _sender(headers)
    text, html, parts = _bodies(message)
    if not text.strip() and html:
        text = html_tools.to_text(html)
    return ParsedMessage(
        raw_size=len(raw),
        message_id=message_id[0] if message_id else "",
        message_id_hash=digest(message_id[0]) if message_id else hashlib.sha256(raw).hexdigest(),
        in_reply_to=_message_ids(_first(headers, "in-reply-to")),
        references=_message_ids(" ".join(headers.get("references", []))),
        from_name=from_name,
        from_address=from_address,
        recipients=_recipients(headers),
        subject=" ".join(_first(headers, "subject").split())[:250],
        text=text,
        html=html,
        parts=parts,
        headers=headers,
        content_type=_safe(lambda: message.get_content_type(), "text/plain"),
    )


def _safe(read, default):
    try:
        return read()
    except Exception:  # malformed input of any shape degrades to a default
        return default


def _headers(message: EmailMessage) -> dict[str, list[str]]:
    """Every header decoded to text, keyed by lower-case name, in order of appearance."""
    headers: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        headers.setdefault(name.lower(), []).append(_decode_header(value))
    return headers


def _decode_header(value) -> str:
    raw = str(value)
    try:
        text = str(make_header(decode_header(raw)))
    except Exception:  # unknown charset or broken encoded word: keep the raw text
        text = raw
    text = text.encode("utf-8", errors="replace").decode("utf-8", errors="replace")
    return " ".join(text.replace("\x00", "").split())


def _first(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


def _message_ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")[:100]


def _sender(headers: dict[str, list[str]]) -> tuple[str, str]:
    name, address = parseaddr(_first(headers, "from") or _first(headers, "sender"))
    address = address.strip().lower()
    if "@" not in address or any(ch.isspace() or ch in "<>\"" for ch in address):
        address = ""
    return name.strip()[:200], address[:254]


def _recipients(headers: dict[str, list[str]]) -> list[str]:
    values = [value for name in RECIPIENT_HEADERS for value in headers.get(name.lower(), [])]
    return [address.lower() for _, address in _safe(lambda: getaddresses(values), []) if "@" in address]


def decode_text(payload: bytes, charset: str | None) -> str:
    name = (charset or "utf-8").strip().lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        name = "utf-8"
    return payload.decode(name, errors="replace").replace("\x00", "")


def _bodies(message: EmailMessage) -> tuple[str, str, list[Part]]:
    text, html, parts = "", "", []
    for part in _safe(lambda: list(_leaves(message)), [message]):
        content_type = _safe(part.get_content_type, "application/octet-stream")
        disposition = _safe(part.get_content_disposition, None)
        filename = _safe(part.get_filename, None)
        payload = _payload(part)
        is_body = disposition != "attachment" and not filename and content_type in ("text/plain", "text/html")
        if is_body and content_type == "text/plain" and not text:
            text = decode_text(payload, _safe(part.get_content_charset, None))
        elif is_body and content_type == "text/html" and not html:
            html = decode_text(payload, _safe(part.get_content_charset, None))
        elif payload or filename:
            parts.append(Part(filename or "", content_type, payload, inline=disposition == "inline"))
    return text, html, parts


def _leaves(part, depth: int = 0):
    """Leaf parts in order; an attached message stays one part (it is a file, not our body)."""
    if depth > 30:
        return
    if part.get_content_type() == "message/rfc822":
        yield part
    elif part.is_multipart():
        for child in part.iter_parts():
            yield from _leaves(child, depth + 1)
    else:
        yield part


def _payload(part) -> bytes:
    if part.get_content_type() == "message/rfc822":
        return _safe(lambda: part.get_payload(0).as_bytes(), b"")
    data = _safe(lambda: part.get_payload(decode=True), None)
    if isinstance(data, bytes):
        return data
    raw = _safe(lambda: part.get_payload(), "")
    return raw.encode("utf-8", errors="replace") if isinstance(raw, str) else b""
