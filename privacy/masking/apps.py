from django.apps import AppConfig


class MaskingConfig(AppConfig):
    name = "privacy.masking"
    label = "masking"
    verbose_name = "Data masking"
