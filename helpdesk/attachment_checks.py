"""Archive and image bombs are refused before a file is stored, whichever channel brought it.

Archives: entry count, declared and real expanded size, compression ratio, nesting, symlinks and
paths that climb out (zip-slip). Images: the pixel count from the header, so a tiny file that
declares 30,000 x 30,000 pixels never reaches a thumbnailer or a viewer. Nothing is written to
disk and expansion is streamed against a budget, so a lying header cannot exhaust memory.
"""

import struct
import zipfile
import zlib
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
SYMLINK_MODE = 0o120000


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_entries() -> int:
    return _limit("ATTACHMENT_MAX_ARCHIVE_ENTRIES", 1000)


def max_expanded_bytes() -> int:
    return _limit("ATTACHMENT_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)


def max_ratio() -> int:
    return _limit("ATTACHMENT_MAX_COMPRESSION_RATIO", 100)


def max_depth() -> int:
    return _limit("ATTACHMENT_MAX_ARCHIVE_DEPTH", 3)


def max_pixels() -> int:
    return _limit("ATTACHMENT_MAX_IMAGE_PIXELS", 50_000_000)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def attachment_check(*, data: bytes) -> None:
    """Raise ValidationError for an archive or image bomb; return for anything else."""
    if data[:4] == ZIP_MAGIC:
        _check_zip(data, depth=1)
    elif data[:2] == GZIP_MAGIC:
        _check_gzip(data, depth=1)
    else:
        _check_image(data)


def _check_zip(data: bytes, *, depth: int) -> None:
    if depth > max_depth():
        raise _refuse(_("The archive nests other archives too deeply."))
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a readable archive: stored as opaque bytes, nothing will expand it
    if len(members) > max_entries():
        raise _refuse(_("The archive has too many entries."))
    for member in members:
        _check_member_header(member)
    if sum(member.file_size for member in members) > max_expanded_bytes():
        raise _refuse(_("The archive expands too far."))
    _expand_zip(data, members, depth)


def _check_member_header(member: zipfile.ZipInfo) -> None:
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or ".." in name.split("/") or (len(name) > 1 and name[1] == ":"):
        raise _refuse(_("The archive contains a path outside its own folder."))
    if (member.external_attr >> 16) & 0o170000 == SYMLINK_MODE:
        raise _refuse(_("The archive contains a symbolic link."))


def _expand_zip(data: bytes, members: list[zipfile.ZipInfo], depth: int) -> None:
    """Expand for real (headers can lie), counting bytes against the budget, keeping only nested archives."""
    archive = zipfile.ZipFile(BytesIO(data))
    budget = max_expanded_bytes()
    for member in members:
        if member.is_dir() or member.flag_bits & 0x1:  # encrypted: cannot expand, so cannot blow up
            continue
        try:
            with archive.open(member) as handle:
                expanded, head = _drain(handle.read, budget)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, zlib.error):
            continue
        budget -= expanded
        _check_ratio(expanded, member.compress_size)
        if head[:4] == ZIP_MAGIC or head[:2] == GZIP_MAGIC:
            _check_nested(archive, member, depth)


def _check_nested(archive: zipfile.ZipFile, member: zipfile.ZipInfo, depth: int) -> None:
    if depth + 1 > max_depth():
        raise _refuse(_("The archive nests other archives too deeply."))
    with archive.open(member) as handle:
        inner = handle.read(settings.ATTACHMENT_MAX_BYTES + 1)
    if len(inner) > settings.ATTACHMENT_MAX_BYTES:
        raise _refuse(_("The archive expands too far."))
    (_check_zip if inner[:4] == ZIP_MAGIC else _check_gzip)(inner, depth=depth + 1)


def _drain(read, budget: int) -> tuple[int, bytes]:
    """Read a stream to its end without keeping it; returns (expanded size, first bytes)."""
    total, head = 0, b""
    while chunk := read(CHUNK):
        head = head or chunk[:8]
        total += len(chunk)
        if total > budget:
            raise _refuse(_("The archive expands too far."))
    return total, head


def _check_ratio(expanded: int, packed: int) -> None:
    if expanded > 1024 * 1024 and expanded / max(packed, 1) > max_ratio():
        raise _refuse(_("The archive is compressed suspiciously far (a zip bomb?)."))


def _check_gzip(data: bytes, *, depth: int) -> None:
    if depth > max_depth():
        raise _refuse(_("The archive nests other archives too deeply."))
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    budget, total, head = max_expanded_bytes(), 0, b""
    try:
        for start in range(0, len(data), CHUNK):
            pending = data[start : start + CHUNK]
            while pending:
                out = inflater.decompress(pending, CHUNK)
                head, total = head or out[:8], total + len(out)
                if total > budget:
                    raise _refuse(_("The archive expands too far."))
                pending = inflater.unconsumed_tail
    except zlib.error:
        return
    _check_ratio(total, len(data))


def _check_image(data: bytes) -> None:
    size = image_dimensions(data)
    if size and size[0] * size[1] > max_pixels():
        raise _refuse(_("The image has too many pixels."))


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG, GIF, BMP, WebP or JPEG header; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(width), abs(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_dimensions(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg_dimensions(data)
    return None


def _webp_dimensions(data: bytes) -> tuple[int, int] | None:
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


# JPEG start-of-frame markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None
