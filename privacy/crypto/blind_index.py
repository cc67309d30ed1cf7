"""Blind indexes: exact lookup over encrypted values.

The index is HMAC-SHA256(field key, normalized value) truncated to `bits`, chosen by
CipherSweet's bound so that each index value is shared by a few rows
(2 <= rows / 2**bits < sqrt(rows)): the index narrows a lookup to a handful of candidates,
which are decrypted to confirm, and it never pins one value to one row on its own.
"""

import hashlib
import hmac
import math

from django.db import models

from . import indexkey, normalizers
from .marker import is_unavailable

DEFAULT_EXPECTED_ROWS = 1_000_000


def bits_for(expected_rows: int) -> int:
    """Largest bit length whose expected coincidences stay >= 2 (and so < sqrt(rows))."""
    if expected_rows < 16:
        raise ValueError("expected_rows must be at least 16")
    bits = int(math.floor(math.log2(expected_rows / 2)))
    return bits


def index_value(key: bytes, normalized: str, bits: int) -> int:
    digest = hmac.digest(key, normalized.encode(), hashlib.sha256)
    return int.from_bytes(digest[:8], "big") >> (64 - bits)


class BlindIndexField(models.BigIntegerField):
    """Filled in pre_save from the plaintext of `source`. Include it in `update_fields`
    whenever the source is."""

    def __init__(self, *args, source: str, normalizer="email", expected_rows: int = DEFAULT_EXPECTED_ROWS,
                 key_id: str | None = None, **kwargs):
        self.source = source
        self.normalizer = normalizer
        self.expected_rows = expected_rows
        self.bits = bits_for(expected_rows)
        self.key_id = key_id
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, normalizer=self.normalizer, expected_rows=self.expected_rows)
        if self.key_id:
            kwargs["key_id"] = self.key_id
        return name, path, args, kwargs

    def compute(self, plaintext: str) -> int | None:
        normalized = normalizers.get(self.normalizer)(str(plaintext))
        if not normalized:
            return None
        key_id = self.key_id or f"{self.model._meta.db_table}.{self.source}"
        return index_value(indexkey.field_key(key_id), normalized, self.bits)

    def normalized(self, value) -> str:
        return normalizers.get(self.normalizer)(str(value))

    def pre_save(self, model_instance, add):
        plaintext = getattr(model_instance, self.source)
        if is_unavailable(plaintext):
            return getattr(model_instance, self.attname)
        value = None if plaintext in (None, "") else self.compute(plaintext)
        setattr(model_instance, self.attname, value)
        return value

