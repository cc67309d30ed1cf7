"""Delete, anonymize or redact rows of any registered model, inside the caller's transaction.

Deletion walks the model's reverse relations itself instead of Django's collector (which loads
every row): one statement per related table and level, the rows named by one parameter holding
their primary keys. Rows naming a deleted row by label and id (`declarations.Reference`) go with
it. Files named by a row are tombstoned in the same transaction and unlinked after commit (see
`blobs`).
"""

from django.db import connection, models

from privacy import registry
from privacy.classifications import Classification
from privacy.crypto.sql import among_sql, keys_param
from privacy.models import BlobTombstone
from privacy.retention.declarations import references, subject_data_for

REDACTED = "[redacted]"


def _reverse_relations(model) -> list:
    """Every foreign key pointing at `model` (hidden ones and many-to-many link tables included).
    Those from models that also point at a sibling come first: their rows are gone by the time the
    sibling's go, so its SET_NULL has nothing left to update (a ticket's attachments, then its
    comments)."""
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]
    siblings = {r.related_model for r in relations}

    def points_at_sibling(relation) -> bool:
        return any(
            f.is_relation and f.related_model in siblings - {relation.related_model}
            for f in relation.related_model._meta.concrete_fields
        )

    return sorted(relations, key=lambda r: not points_at_sibling(r))


def protected_pks(model, pks: list) -> set:
    """Rows another row still needs (on_delete=PROTECT or RESTRICT): they stay."""
    kept = set()
    for relation in _reverse_relations(model):
        if relation.on_delete in (models.PROTECT, models.RESTRICT):
            children = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": pks})
            kept |= set(children.values_list(relation.field.attname, flat=True).distinct())
    return kept


def rows_delete(model, pks: list) -> int:
    """Delete these rows and everything that cascades from them. Returns the rows of `model` deleted."""
    if not pks:
        return 0
    pk = model._meta.pk
    keys = [str(pk.get_db_prep_value(value, connection)) for value in pks]
    with connection.cursor() as cursor:
        return _delete(cursor, model, pk, keys_param(keys))


def _delete(cursor, model, field, chosen: str) -> int:
    """Delete the rows of `model` whose `field` is among the keys in `chosen`, then what hangs on them.

    Rows go before their dependents, each table scanned once: Django creates foreign keys
    DEFERRABLE INITIALLY DEFERRED, so they are checked at COMMIT, when all are gone."""
    table, pk = _qn(model._meta.db_table), model._meta.pk
    if _has_files(model):
        keys = _keys_where(cursor, model, field, chosen)
        if not keys:
            return 0
        field, chosen = pk, keys_param(keys)
        _tombstone_files(cursor, model, chosen)
    if _is_leaf(model):
        cursor.execute(f"DELETE FROM {table} WHERE {_among(field)}", [chosen])  # noqa: S608
        return cursor.rowcount
    cursor.execute(f"DELETE FROM {table} WHERE {_among(field)} RETURNING CAST({_qn(pk.column)} AS text)", [chosen])  # noqa: S608
    keys = [row[0] for row in cursor.fetchall()]
    if keys:
        _delete_dependents(cursor, model, keys)
    return len(keys)


def _delete_dependents(cursor, model, keys: list[str]) -> None:
    """`keys`: primary keys of deleted rows, as the database writes them in text."""
    chosen = keys_param(keys)
    for relation in _reverse_relations(model):
        child, field = relation.related_model, relation.field
        if relation.on_delete is models.CASCADE:
            _delete(cursor, child, field, chosen)
        elif relation.on_delete is models.SET_NULL:
            table, column = _qn(child._meta.db_table), _qn(field.column)
            cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {_among(field)}", [chosen])  # noqa: S608
    _forget_references(cursor, model, keys)


def _is_leaf(model) -> bool:
    """Rows nothing points at, names, or stores as a file: they go without their keys being read."""
    return not (_reverse_relations(model) or registry.declaration_for(model) or _has_files(model))


def _keys_where(cursor, model, field, chosen: str) -> list[str]:
    pk, table = _qn(model._meta.pk.column), _qn(model._meta.db_table)
    cursor.execute(f"SELECT CAST({pk} AS text) FROM {table} WHERE {_among(field)}", [chosen])  # noqa: S608
    return [row[0] for row in cursor.fetchall()]


def _forget_references(cursor, model, keys: list[str]) -> None:
    """Reveal grants, review flags and the like name their row by model label and `str(pk)`."""
    if registry.declaration_for(model) is None:
        return
    named = keys_param(_as_written_by_python(model, keys))
    for reference in references():
        label, pk = (reference.model._meta.get_field(name) for name in (reference.label_field, reference.pk_field))
        cursor.execute(
            f"DELETE FROM {_qn(reference.model._meta.db_table)} WHERE {_qn(label.column)} = %s AND {_among(pk)}",  # noqa: S608
            [model._meta.label, named],
        )


def _as_written_by_python(model, keys: list[str]) -> list[str]:
    """`str(pk)` of each key. PostgreSQL spells keys that way already; SQLite keeps uuids as hex."""
    to_python = model._meta.pk.to_python
    if str(to_python(keys[0])) == keys[0]:
        return keys
    return [str(to_python(key)) for key in keys]


def _tombstone_files(cursor, model, chosen: str) -> None:
    declaration = subject_data_for(model)
    if declaration.blob_store is None:
        return
    column = _qn(model._meta.get_field(declaration.blob_field).column)
    cursor.execute(
        f"INSERT INTO {_qn(BlobTombstone._meta.db_table)} (store, name, created_at) "  # noqa: S608
        f"SELECT %s, {column}, CURRENT_TIMESTAMP FROM {_qn(model._meta.db_table)} "
        f"WHERE {_among(model._meta.pk)} AND {column} <> '' ON CONFLICT DO NOTHING",
        [declaration.blob_store.key, chosen],
    )


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _among(field) -> str:
    """SQL: `field`'s column is one of the keys in the statement's `keys_param` parameter."""
    return among_sql(_qn(field.column), field)


def _personal_fields(model) -> dict[str, Classification]:
    declaration = registry.declaration_for(model)
    return dict(declaration.fields) if declaration else {}


def _has_files(model) -> bool:
    return subject_data_for(model).blob_store is not None


def rows_anonymize(model, pks: list) -> int:
    """Blank every personal field, keep the rows and their statistics; files cannot be blanked, so
    rows that hold one are deleted. Rows cascading from these are anonymized too."""
    if not pks:
        return 0
    if _has_files(model):
        return rows_delete(model, pks)
    _cascade(model, pks, rows_anonymize)
    return _rewrite(model, pks, lambda value, cls: _empty(value))


def rows_redact(model, pks: list, *, detect) -> int:
    """Replace the personal data `detect(text)` finds in free text with a marker."""
    if not pks:
        return 0
    _cascade(model, pks, lambda child, child_pks: rows_redact(child, child_pks, detect=detect))

    def redact(value, cls):
        return _redact_value(value, detect) if cls == Classification.FREE_TEXT else value

    return _rewrite(model, pks, redact)


def _cascade(model, pks: list, operation) -> None:
    for relation in _reverse_relations(model):
        if relation.on_delete is models.CASCADE and registry.declaration_for(relation.related_model):
            children = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": pks})
            operation(relation.related_model, list(children.values_list("pk", flat=True)))


def _rewrite(model, pks: list, transform) -> int:
    fields = {n: c for n, c in _personal_fields(model).items() if c != Classification.FILE}
    rows = model._default_manager.filter(pk__in=pks).select_related().order_by("pk")
    changed = 0
    for row in rows.iterator(chunk_size=500):
        updates = {name: transform(getattr(row, name), cls) for name, cls in fields.items()}
        updates = {name: value for name, value in updates.items() if value != getattr(row, name)}
        if updates:
            for name, value in updates.items():
                setattr(row, name, value)
            row.save(update_fields=_with_indexes(model, set(updates)))
            changed += 1
    return changed


def _with_indexes(model, names: set[str]) -> list[str]:
    """Blind and token indexes derive from the fields changed: rewrite them in the same save."""
    derived = {
        f.name
        for f in model._meta.concrete_fields
        if getattr(f, "source", None) in names or names & set(getattr(f, "sources", ()) or ())
    }
    return sorted(names | derived)


def _empty(value):
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return "" if isinstance(value, str) else value


def _redact_value(value, detect):
    if isinstance(value, dict):
        return {key: _redact_value(item, detect) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item, detect) for item in value]
    if not isinstance(value, str) or not value:
        return value
    text = value
    for span in sorted(detect(value), key=lambda s: s.start, reverse=True):
        text = text[: span.start] + REDACTED + text[span.end :]
    return text
