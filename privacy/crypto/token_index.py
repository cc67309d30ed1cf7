"""Word search over encrypted text through truncated per-token blind indexes.

Each row stores the set of HMAC(field key, token) values truncated to `bits` bits: an
`integer[]` with a GIN index on PostgreSQL (`@>` lookups), a JSON list elsewhere (a slower
scan with json_each, for the embedded SQLite default). Truncation makes unrelated words share
index values, so candidates are decrypted to confirm.
"""

import json

from django.db import models
from django.db.models import Index, Lookup

from . import indexkey
from .blind_index import index_value
from .marker import is_unavailable
from .tokens import tokenize

DEFAULT_BITS = 20


class TokenIndexField(models.Field):
    def __init__(self, *args, sources: list[str], bits: int = DEFAULT_BITS, key_id: str | None = None, **kwargs):
        if not 8 <= bits <= 31:
            raise ValueError("bits must be between 8 and 31")
        self.sources = list(sources)
        self.bits = bits
        self.key_id = key_id
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(sources=self.sources, bits=self.bits)
        if self.key_id:
            kwargs["key_id"] = self.key_id
        return name, path, args, kwargs

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(sorted(value))

    def values_for(self, text: str) -> list[int]:
        key = indexkey.field_key(self.key_id or f"{self.model._meta.db_table}.tokens.{self.name}")
        return sorted({index_value(key, token, self.bits) for token in tokenize(text)})

    def pre_save(self, model_instance, add):
        texts = [getattr(model_instance, source) for source in self.sources]
        if any(is_unavailable(t) for t in texts):
            return getattr(model_instance, self.attname)
        value = self.values_for(" ".join(str(t) for t in texts if t))
        setattr(model_instance, self.attname, value)
        return value


@TokenIndexField.register_lookup
class ContainsAll(Lookup):
    lookup_name = "contains_all"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} @> %s::integer[]", [*lhs_params, values]
        clause = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)"  # noqa: S608
        sql = " AND ".join([clause] * len(values)) or "1 = 1"
        params = [p for v in values for p in (*lhs_params, v)]
        return sql, params


class TokenIndex(Index):
    """A GIN index on PostgreSQL; a plain index elsewhere (where it only keeps migrations portable)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

