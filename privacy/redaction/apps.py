from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "privacy.redaction"
    label = "redaction"
    verbose_name = "Redaction"
    default_auto_field = "django.db.models.BigAutoField"
