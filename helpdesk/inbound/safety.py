"""What we refuse and what we never answer.

Refusals carry a short reason code (logged, stored) and a message for the sender's bounce.
Auto-replies and bounces are recognised so two helpdesks cannot answer each other forever.
"""

import gzip
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from helpdesk.inbound import conf
from helpdesk.inbound.parse import ParsedMessage, Part

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".jar", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".7z", ".rar", ".tar")
CHUNK = 64 * 1024


class Refused(Exception):
    """A message we will not store. `str()` is the one-line bounce text; no personal data in it."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def check_size(size: int) -> None:
    limit = conf.max_message_bytes()
    if size > limit:
        raise Refused("too_large", _("Message refused: it is larger than %(mb)d MB.") % {"mb": limit // conf.MB})


def automatic_kind(message: ParsedMessage) -> str:
    """'bounce', 'auto_reply' or '' for mail a person wrote."""
    sender = message.from_address.partition("@")[0]
    report = message.content_type == "multipart/report" or any(
        part.content_type in ("message/delivery-status", "message/disposition-notification") for part in message.parts
    )
    if report or sender in ("mailer-daemon", "postmaster") or message.header("return-path").strip() == "<>":
        return "bounce"
    auto_submitted = message.header("auto-submitted").strip().lower()
    precedence = message.header("precedence").strip().lower()
    flagged = any(message.header(name) for name in ("x-autoreply", "x-autorespond", "x-auto-reply"))
    suppress = message.header("x-auto-response-suppress").lower()
    if (auto_submitted and not auto_submitted.startswith("no")) or precedence in ("bulk", "junk", "list") or flagged:
        return "auto_reply"
    if message.header("list-id") or message.header("list-unsubscribe") or "all" in suppress:
        return "auto_reply"
    return ""


def check_parts(parts: list[Part]) -> None:
    for part in parts:
        if len(part.data) > settings.ATTACHMENT_MAX_BYTES:
            raise Refused(
                "attachment_too_large",
                _("Message refused: an attachment is larger than %(mb)d MB.")
                % {"mb": settings.ATTACHMENT_MAX_BYTES // conf.MB},
            )
        if _is_archive(part.filename, part.data):
            _check_archive(part.data, depth=1)


def _is_archive(name: str, data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:2] == b"\x1f\x8b" or name.lower().endswith(ARCHIVE_SUFFIXES)


def _bomb() -> Refused:
    return Refused("archive_bomb", _("Message refused: an attached archive expands too far or nests too deep."))


def _check_archive(data: bytes, *, depth: int) -> None:
    """Expand (without storing) and refuse archives that nest or expand too far: zip bombs."""
    if depth > conf.archive_max_depth():
        raise _bomb()
    if data[:2] == b"\x1f\x8b":
        _check_expanded(_expand(gzip.GzipFile(fileobj=io.BytesIO(data)).read), len(data), depth)
        return
    if data[:4] != b"PK\x03\x04":
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(members) > conf.archive_max_members():
        raise _bomb()
    total = 0
    for member in members:
        if member.is_dir():
            continue
        with _open_member(archive, member) as handle:
            if handle is None:
                continue
            expanded = _expand(handle.read, limit=conf.archive_max_expanded_bytes() - total)
        total += len(expanded)
        _check_expanded(expanded, max(member.compress_size, 1), depth)


def _open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    try:
        return archive.open(member)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, OSError, ValueError):
        return _Nothing()  # encrypted or unsupported: nothing we can expand, so nothing can blow up


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc_info):
        return False


def _expand(read, limit: int | None = None) -> bytes:
    """Read at most `limit` expanded bytes; more than that is a bomb whatever its ratio."""
    limit = conf.archive_max_expanded_bytes() if limit is None else limit
    chunks, total = [], 0
    try:
        while chunk := read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise _bomb()
            chunks.append(chunk)
    except (OSError, EOFError, zipfile.BadZipFile, ValueError, gzip.BadGzipFile):
        pass  # a corrupt stream expands no further than what was read
    return b"".join(chunks)


def _check_expanded(expanded: bytes, packed_size: int, depth: int) -> None:
    if len(expanded) > conf.MB and len(expanded) / packed_size > conf.archive_max_ratio():
        raise _bomb()
    if _is_archive("", expanded[:4]):
        _check_archive(expanded, depth=depth + 1)
