"""What apps declare in their personal_data.py for retention and subject requests.

Alongside `privacy.registry.register` (fields and subject path), an app names the retention data
types it offers, how a legal hold reaches its rows, where its files live, how to export them, and
which of its tables name other rows by label and id.
privacy/ works from these declarations alone and never imports the apps.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from privacy.models import Action, AgeBasis


@dataclass(frozen=True)
class Condition:
    """A policy condition. `query(value)` narrows in the database; `check(row, value)` in Python,
    for values the database cannot see (encrypted fields)."""

    label: str
    query: Callable[[object], Q] | None = None
    check: Callable[[models.Model, object], bool] | None = None


@dataclass(frozen=True)
class DataType:
    """A kind of record a retention policy can target."""

    key: str
    label: str
    model: type[models.Model] | None = None
    base: Q = field(default_factory=Q)
    age_fields: Mapping[str, str] = field(default_factory=dict)
    conditions: Mapping[str, Condition] = field(default_factory=dict)
    actions: tuple[str, ...] = (Action.DELETE,)
    purge: Callable | None = None
    """For record kinds that are not plain rows: `purge(cutoff=, dry_run=, actor=) -> int`."""
    count: Callable | None = None
    """With `purge`: `count(cutoff=) -> int`, how many would go."""
    unavailable: str = ""
    """Why this type cannot be used here (shown instead of running)."""

    def age_bases(self) -> list[tuple[str, str]]:
        return [(key, label) for key, label in AgeBasis.choices if key in self.age_fields]


@dataclass(frozen=True)
class SubjectData:
    """How rows of one model relate to legal holds, files and erasure."""

    model: type[models.Model]
    hold_paths: Mapping[str, str] = field(default_factory=dict)
    """Hold target kind ("ticket", "customer", "organization") -> ORM path to that target's pk."""
    blob_store: "BlobStore | None" = None
    blob_field: str = ""
    export_file: Callable[[models.Model], tuple[str, bytes]] | None = None
    keep_structure: Q | None = None
    """Rows matching this are anonymized rather than deleted when an erasure keeps structure."""


@dataclass(frozen=True)
class BlobStore:
    key: str
    delete: Callable[[str], None]
    names: Callable[[], Iterable[tuple[str, float]]]
    """Every stored blob as (name, modification time)."""


@dataclass(frozen=True)
class Reference:
    """A model whose rows name a registered row by model label and primary key, with no foreign
    key: they go when the row they name is deleted."""

    model: type[models.Model]
    label_field: str
    pk_field: str


_data_types: dict[str, DataType] = {}
_subject_data: dict[str, SubjectData] = {}
_references: dict[str, Reference] = {}


def data_type_register(data_type: DataType) -> None:
    _data_types[data_type.key] = data_type


def subject_data_register(declaration: SubjectData) -> None:
    _subject_data[declaration.model._meta.label] = declaration


def reference_register(reference: Reference) -> None:
    _references[reference.model._meta.label] = reference


def references() -> list[Reference]:
    return list(_references.values())


def data_types() -> list[DataType]:
    return list(_data_types.values())


def data_type_get(key: str) -> DataType | None:
    return _data_types.get(key)


def subject_data_for(model: type[models.Model]) -> SubjectData:
    return _subject_data.get(model._meta.label) or SubjectData(model=model)


def blob_stores() -> dict[str, BlobStore]:
    return {d.blob_store.key: d.blob_store for d in _subject_data.values() if d.blob_store is not None}
