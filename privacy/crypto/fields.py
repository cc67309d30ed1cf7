"""Encrypted model fields.

Values are sealed in `pre_save` (so `bulk_create` works) under the active DEK of the instance's
`encryption_subject()`, bound to table, column and primary key, and stored in a binary column.
Loaded values stay sealed until first attribute access; a value whose key is revoked or
unreachable reads as `UNAVAILABLE` instead of raising.
"""

import json
import logging

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init

from . import envelope, keyring
from .exceptions import DecryptionFailed, EncryptedFieldError, KeyUnavailable
from .marker import UNAVAILABLE, is_unavailable

logger = logging.getLogger(__name__)


class Sealed:
    """Ciphertext as stored, with the primary key it is bound to."""

    __slots__ = ("data", "bound_pk")

    def __init__(self, data: bytes, bound_pk: object = None):
        self.data = data
        self.bound_pk = bound_pk

    def __repr__(self) -> str:
        return f"<Sealed {len(self.data)} bytes>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.data == self.data

    def __hash__(self) -> int:
        return hash(self.data)


class EncryptedAttribute(DeferredAttribute):
    """Opens the sealed value on first access and keeps the plaintext on the instance."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open_for(instance, value)
            if not is_unavailable(value):
                instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


def _stamp_loaded_values(sender, instance, **kwargs) -> None:
    """Remember which row each loaded ciphertext is bound to (the pk may change later)."""
    for field in encrypted_fields(sender):
        value = instance.__dict__.get(field.attname)
        if isinstance(value, Sealed) and value.bound_pk is None:
            value.bound_pk = instance.pk


def encrypted_fields(model) -> list["EncryptedFieldMixin"]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]


class EncryptedFieldMixin:
    descriptor_class = EncryptedAttribute

    def to_bytes(self, value) -> bytes:
        return str(value).encode()

    def from_bytes(self, data: bytes):
        return data.decode()

    def get_internal_type(self) -> str:
        return "BinaryField"

    def contribute_to_class(self, cls, name, *args, **kwargs) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(
                _stamp_loaded_values, sender=cls, dispatch_uid=f"crypto-stamp-{cls._meta.label}"
            )

    def context(self, pk: object) -> bytes:
        return envelope.bind(self.model._meta.db_table, self.column, pk)

    def open_for(self, instance, sealed: Sealed):
        """Plaintext, or UNAVAILABLE when the key is unusable or the value fails to open."""
        pk = instance.pk if sealed.bound_pk is None else sealed.bound_pk
        try:
            return self.from_bytes(keyring.open_value(sealed.data, context=self.context(pk)))
        except KeyUnavailable:
            return UNAVAILABLE
        except DecryptionFailed:
            logger.warning("Encrypted value failed to open: %s.%s pk=%s", self.model._meta.label, self.name, pk)
            return UNAVAILABLE

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        pk = model_instance.pk
        if isinstance(value, Sealed):
            if value.bound_pk in (None, pk):
                return value
            value = self.from_bytes(keyring.open_value(value.data, context=self.context(value.bound_pk)))
        if value is None:
            return None
        if is_unavailable(value):
            raise EncryptedFieldError(f"{self.model._meta.label}.{self.name}: cannot store an unavailable value")
        if pk is None:
            raise EncryptedFieldError(f"{self.model._meta.label}: encrypted rows need a client-side primary key")
        subject = model_instance.encryption_subject()
        blob = keyring.seal_value(self.to_bytes(value), subject=subject, context=self.context(pk))
        return Sealed(blob, pk)

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(bytes(value))

    def get_db_prep_save(self, value, connection):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return connection.Database.Binary(value.data)
        raise EncryptedFieldError(
            f"{self.model._meta.label}.{self.name} is encrypted: assign it on an instance and "
            "save() (QuerySet.update(), bulk_update() and expressions would store plaintext)"
        )

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise EncryptedFieldError(
            f"{self.model._meta.label}.{self.name} is encrypted and cannot be filtered with "
            f"'{lookup_name}'; use its blind or token index"
        )

    def get_transform(self, lookup_name):
        return self.get_lookup(lookup_name)


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    pass


class EncryptedEmailField(EncryptedFieldMixin, models.EmailField):
    pass


class EncryptedBinaryField(EncryptedFieldMixin, models.BinaryField):
    def to_bytes(self, value) -> bytes:
        return bytes(value)

    def from_bytes(self, data: bytes) -> bytes:
        return data


class EncryptedJSONField(EncryptedFieldMixin, models.JSONField):
    def to_bytes(self, value) -> bytes:
        return json.dumps(value, cls=self.encoder).encode()

    def from_bytes(self, data: bytes):
        return json.loads(data, cls=self.decoder)

