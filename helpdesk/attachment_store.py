"""Attachment contents on disk, outside the web root, encrypted and bound to their row."""

import os
import secrets
from pathlib import Path

from django.conf import settings


def new_blob_name() -> str:
    return secrets.token_hex(16)


def _path(blob_name: str) -> Path:
    if not blob_name or not all(ch in "0123456789abcdef" for ch in blob_name):
        raise ValueError("Invalid blob name")
    return Path(settings.ATTACHMENT_ROOT) / blob_name[:2] / blob_name


def write_blob(blob_name: str, data: bytes) -> None:
    """Write atomically: a crash leaves either no file or the whole file."""
    path = _path(blob_name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def read_blob(blob_name: str) -> bytes:
    return _path(blob_name).read_bytes()


def delete_blob(blob_name: str) -> None:
    _path(blob_name).unlink(missing_ok=True)
