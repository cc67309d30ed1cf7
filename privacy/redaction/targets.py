"""Which stored values may be redacted: free-text fields the personal-data registry declares.

An object is named by its model label and primary key, like the access log names it, so this
package works on any app's rows without importing the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from privacy.classifications import Classification
from privacy.crypto import is_unavailable
from privacy.registry import declaration_for


@dataclass(frozen=True)
class Place:
    """One redactable value: ``obj.field`` or, for a dict field, ``obj.field[key]``."""

    obj: object
    field: str
    key: str = ""

    @property
    def label(self) -> str:
        return self.obj._meta.label

    def read(self):
        value = getattr(self.obj, self.field)
        if self.key:
            value = value.get(self.key) if isinstance(value, dict) else None
        return value if isinstance(value, str) and not is_unavailable(value) else None

    def write(self, text: str) -> None:
        if self.key:
            setattr(self.obj, self.field, {**getattr(self.obj, self.field), self.key: text})
        else:
            setattr(self.obj, self.field, text)


def free_text_fields(model) -> list[str]:
    declaration = declaration_for(model)
    if declaration is None:
        return []
    return [name for name, kind in declaration.fields.items() if kind == Classification.FREE_TEXT]


def places(obj) -> list[Place]:
    """Every redactable value of a row: each free-text string field, each string value of a dict field."""
    found = []
    for name in free_text_fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, dict):
            found += [Place(obj, name, key) for key, item in value.items() if isinstance(item, str)]
        elif isinstance(value, str) and not is_unavailable(value):
            found.append(Place(obj, name))
    return found


def place_for(obj, field: str, key: str = "") -> Place | None:
    """The named place if it is redactable and holds text, else None."""
    if field not in free_text_fields(type(obj)):
        return None
    place = Place(obj, field, key)
    return place if place.read() is not None else None


def load(label: str, pk):
    """The row behind a job target, or None when it has gone meanwhile."""
    return apps.get_model(label)._default_manager.filter(pk=pk).first()
