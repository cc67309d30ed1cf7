"""System checks: key material present outside DEBUG, and encrypted models well-formed."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register

from .fields import EncryptedFieldMixin


@register("crypto")
def check_key_material(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    if (
        settings.SEALDESK_KMS_BACKEND == "local"
        and not settings.SEALDESK_LOCAL_KEK
        and not Path(settings.SEALDESK_LOCAL_KEK_FILE).exists()
    ):
        errors.append(Error("No local KEK: set SEALDESK_LOCAL_KEK or SEALDESK_LOCAL_KEK_FILE", id="crypto.E001"))
    if not settings.SEALDESK_INDEX_KEY and not Path(settings.SEALDESK_INDEX_KEY_FILE).exists():
        errors.append(Error("No index key: set SEALDESK_INDEX_KEY or SEALDESK_INDEX_KEY_FILE", id="crypto.E002"))
    return errors


@register("crypto")
def check_encrypted_models(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for model in apps.get_models():
        if not any(isinstance(f, EncryptedFieldMixin) for f in model._meta.concrete_fields):
            continue
        if not callable(getattr(model, "encryption_subject", None)):
            errors.append(Error(f"{model._meta.label} must define encryption_subject()", id="crypto.E003"))
        if not model._meta.pk.has_default():
            errors.append(
                Error(f"{model._meta.label} needs a client-side primary key (default=uuid.uuid4)", id="crypto.E004")
            )
    return errors
