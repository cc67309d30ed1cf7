"""The personal-data registry: each app declares its personal fields in its own personal_data.py.

privacy/ discovers those modules at start-up (like admin.py) and never imports the apps' models
itself, so masking, export, erasure and retention work from these declarations alone.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import models

from privacy.classifications import Classification


@dataclass(frozen=True)
class PersonalDataModel:
    model: type[models.Model]
    fields: Mapping[str, Classification]
    subject_path: str
    """ORM path from a row to its data subject's primary key, e.g. "pk" or "ticket__requester"."""
    lookup: Callable | None = None
    """`lookup(user=..., pk=...)`: the row if that user may see it, else Http404 (the app's access helper)."""

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_of_subject(self, subject_pk) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.subject_path: subject_pk})


_registry: dict[str, PersonalDataModel] = {}
_fields_by_model: dict[type[models.Model], Mapping[str, Classification]] = {}


def register(
    model: type[models.Model],
    *,
    fields: Mapping[str, Classification],
    subject_path: str,
    lookup: Callable | None = None,
) -> None:
    field_names = {field.name for field in model._meta.get_fields()}
    unknown = set(fields) - field_names
    if unknown:
        raise ValueError(f"{model._meta.label} has no field(s) {sorted(unknown)}")
    _registry[model._meta.label] = PersonalDataModel(
        model=model, fields=dict(fields), subject_path=subject_path, lookup=lookup
    )
    _fields_by_model.clear()


def declarations() -> list[PersonalDataModel]:
    return list(_registry.values())


def declaration_for(model: type[models.Model]) -> PersonalDataModel | None:
    return _registry.get(model._meta.label)


def declaration_by_label(label: str) -> PersonalDataModel | None:
    return _registry.get(label)


def classification_of(model: type[models.Model], field_name: str) -> Classification | None:
    # Called for every field of every row shown: keyed by the class, which costs no label to build.
    fields = _fields_by_model.get(model)
    if fields is None:
        declaration = declaration_for(model)
        fields = _fields_by_model[model] = declaration.fields if declaration else {}
    return fields.get(field_name)
