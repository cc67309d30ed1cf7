"""Where encrypted values live: every model column that holds sealed values."""

from dataclasses import dataclass

from django.apps import apps

from .fields import EncryptedFieldMixin


@dataclass(frozen=True)
class EncryptedModel:
    model: type
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def table(self) -> str:
        return self.model._meta.db_table


def encrypted_models() -> list[EncryptedModel]:
    """Concrete models with encrypted columns of their own, sorted by label."""
    found = []
    for model in apps.get_models():
        columns = tuple(
            f.column for f in model._meta.local_concrete_fields if isinstance(f, EncryptedFieldMixin)
        )
        if columns and model._meta.managed and not model._meta.proxy:
            found.append(EncryptedModel(model=model, columns=columns))
    return sorted(found, key=lambda m: m.label)
