from django.apps import AppConfig


class CryptoTestsConfig(AppConfig):
    name = "tests.privacy.crypto.testapp"
    label = "crypto_tests"
    default_auto_field = "django.db.models.BigAutoField"
