from django.apps import AppConfig
from django.core.signals import setting_changed


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from audit import checks, conf  # noqa: F401 - registers the deploy check

        setting_changed.connect(conf.clear_cache, dispatch_uid="audit-conf-clear-cache")
