"""Models that exercise every encrypted field type, installed only while crypto tests run."""

import uuid

from django.db import models

from privacy.crypto.blind_index import BlindIndexField
from privacy.crypto.fields import (
    EncryptedBinaryField,
    EncryptedCharField,
    EncryptedEmailField,
    EncryptedJSONField,
    EncryptedTextField,
)
from privacy.crypto.token_index import TokenIndex, TokenIndexField


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = EncryptedCharField(max_length=20)
    email = EncryptedEmailField(blank=True)
    phone = EncryptedCharField(max_length=40, blank=True)
    notes = EncryptedTextField(blank=True, null=True)
    prefs = EncryptedJSONField(default=dict, blank=True)
    secret = EncryptedBinaryField(null=True, blank=True)
    email_index = BlindIndexField(source="email", normalizer="email", expected_rows=200_000)
    phone_index = BlindIndexField(source="phone", normalizer="phone", expected_rows=200_000)

    class Meta:
        app_label = "crypto_tests"

    def __str__(self) -> str:
        return f"Person {self.pk}"

    def encryption_subject(self) -> str:
        return str(self.pk)


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    subject = EncryptedCharField(max_length=200)
    body = EncryptedTextField()
    tokens = TokenIndexField(sources=["subject", "body"])

    class Meta:
        app_label = "crypto_tests"
        indexes = [TokenIndex(fields=["tokens"], name="crypto_tests_msg_tokens")]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    def encryption_subject(self) -> str:
        return str(self.person_id)


class SystemNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    text = EncryptedTextField()

    class Meta:
        app_label = "crypto_tests"

    def __str__(self) -> str:
        return f"SystemNote {self.pk}"

    def encryption_subject(self) -> None:
        return None
