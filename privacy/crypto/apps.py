from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "privacy.crypto"
    label = "crypto"
    verbose_name = "Encryption keys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, keyring  # noqa: F401  (registers checks and signal handlers)
