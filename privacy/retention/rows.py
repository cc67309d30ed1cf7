"""Delete, anonymize or redact rows of any registered model, inside the caller's transaction.

Deletion walks the model's reverse relations itself (children first, one statement per level)
instead of Django's collector, which would load every row into memory. Files named by a row
are tombstoned in the same transaction and unlinked after commit (see `blobs`).
"""

from django.db import connection, models

from privacy import registry
from privacy.classifications import Classification
from privacy.models import BlobTombstone
from privacy.retention.declarations import subject_data_for

REDACTED = "[redacted]"


def _reverse_relations(model) -> list:
    """Reverse foreign keys, those from models that point at their siblings first."""
    relations = [r for r in model._meta.related_objects if r.one_to_many or r.one_to_one]
    siblings = {r.related_model for r in relations}

    def points_at_sibling(relation) -> bool:
        return any(
            f.is_relation and f.many_to_one and f.related_model in siblings - {relation.related_model}
            for f in relation.related_model._meta.concrete_fields
        )

    return sorted(relations, key=lambda r: not points_at_sibling(r))


def protected_pks(model, pks: list) -> set:
    """Rows another row still needs (on_delete=PROTECT): they stay."""
    kept = set()
    for relation in _reverse_relations(model):
        if relation.on_delete is models.PROTECT:
            children = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": pks})
            kept |= set(children.values_list(relation.field.attname, flat=True).distinct())
    return kept


def rows_delete(model, pks: list) -> int:
    """Delete these rows and everything that cascades from them. Returns the rows of `model` deleted."""
    if not pks:
        return 0
    return _delete_where(model, f"{_qn(model._meta.pk.column)} = ANY(%s)", [list(pks)])


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _delete_where(model, where: str, params: list) -> int:
    """One statement per table: children select their rows by a subquery on the parent's, so no
    primary-key lists travel back and forth."""
    table, pk = _qn(model._meta.db_table), _qn(model._meta.pk.column)
    selected = f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608 - names from model meta
    with connection.cursor() as cursor:
        for relation in _reverse_relations(model):
            child, column = relation.related_model, _qn(relation.field.column)
            if relation.on_delete is models.CASCADE:
                _delete_where(child, f"{column} IN ({selected})", params)
            elif relation.on_delete is models.SET_NULL:
                update = f"UPDATE {_qn(child._meta.db_table)} SET {column} = NULL WHERE {column} IN ({selected})"  # noqa: S608
                cursor.execute(update, params)
        for m2m in model._meta.many_to_many:
            through, column = m2m.remote_field.through, _qn(m2m.m2m_column_name())
            through_table = _qn(through._meta.db_table)
            cursor.execute(f"DELETE FROM {through_table} WHERE {column} IN ({selected})", params)  # noqa: S608
        _tombstone_files(cursor, model, where, params)
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
        return cursor.rowcount


def _tombstone_files(cursor, model, where: str, params: list) -> None:
    declaration = subject_data_for(model)
    if declaration.blob_store is None:
        return
    column = _qn(model._meta.get_field(declaration.blob_field).column)
    cursor.execute(
        f"INSERT INTO {_qn(BlobTombstone._meta.db_table)} (store, name, created_at) "  # noqa: S608
        f"SELECT %s, {column}, now() FROM {_qn(model._meta.db_table)} WHERE {where} AND {column} <> '' "
        "ON CONFLICT DO NOTHING",
        [declaration.blob_store.key, *params],
    )


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
