"""A data subject's rows in every registered model, found through the personal-data registry."""

from graphlib import TopologicalSorter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from privacy import registry
from privacy.classifications import Classification


def subject_declaration() -> registry.PersonalDataModel:
    """The model whose rows are the data subjects themselves (subject_path "pk")."""
    for declaration in registry.declarations():
        if declaration.subject_path == "pk":
            return declaration
    raise LookupError("no app registered a data-subject model")


def subject_find(*, email: str = "", phone: str = "", subject_id: str = ""):
    """The person by email or phone (through blind indexes) or by record id; ValidationError if none."""
    from privacy.crypto.search import find_exact

    declaration = subject_declaration()
    rows = declaration.model._default_manager.all()
    if subject_id:
        found = rows.filter(pk=subject_id).first() if _is_uuid(subject_id) else None
    else:
        classification, value = (Classification.EMAIL, email) if email else (Classification.PHONE, phone)
        field = next((n for n, c in declaration.fields.items() if c == classification), None)
        matches = find_exact(rows, field, value.strip()) if field and value.strip() else []
        found = matches[0] if matches else None
    if found is None:
        raise ValidationError(_("No customer matches that email, phone or record."))
    return found


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def children_first() -> list[registry.PersonalDataModel]:
    """Declarations ordered so rows that point at other registered rows come before those rows."""
    by_model = {d.model: d for d in registry.declarations()}
    graph = {
        model: {
            f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in by_model and f.related_model is not model
        }
        for model in by_model
    }
    parents_first = list(TopologicalSorter(graph).static_order())
    return [by_model[model] for model in reversed(parents_first)]
