"""Parsing and creating base64 key material (no Django: the settings module uses it)."""

import base64
import binascii
import logging
import os
from pathlib import Path

from .exceptions import KmsConfigError

logger = logging.getLogger(__name__)

KEY_BYTES = 32


def parse_key(text: str, *, name: str) -> bytes:
    """Decode one base64 key of exactly 32 bytes; the error names the source, never the value."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KmsConfigError(f"{name} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise KmsConfigError(f"{name} must decode to {KEY_BYTES} bytes, got {len(key)}")
    return key


def parse_keys(text: str, *, name: str) -> tuple[bytes, ...]:
    """Several keys separated by commas or newlines, newest first."""
    parts = [p for p in text.replace(",", "\n").splitlines() if p.strip()]
    if not parts:
        raise KmsConfigError(f"{name} is empty")
    return tuple(parse_key(p, name=f"{name} (entry {i + 1})") for i, p in enumerate(parts))


def read_keys(path: Path, *, name: str) -> tuple[bytes, ...]:
    try:
        text = path.read_text()
    except OSError as exc:
        raise KmsConfigError(f"{name}: cannot read {path}: {exc.strerror}") from None
    return parse_keys(text, name=f"{name} {path}")


def generate_key_file(path: Path, *, purpose: str) -> None:
    """Create a fresh random key file readable by the owner only (development use). When another
    process (the worker starting beside the web server) made it first, its key stands."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(os.urandom(KEY_BYTES)).decode() + "\n")
    logger.warning("Generated a new %s in %s (development only; back it up)", purpose, path)
