from django.contrib import admin

from audit.models import DetectionRule


@admin.register(DetectionRule)
class DetectionRuleAdmin(admin.ModelAdmin):
    """Admins tune detector thresholds here; the access log itself is never editable in the admin."""

    list_display = ["key", "enabled", "severity", "updated_at"]
    list_editable = ["enabled", "severity"]
    readonly_fields = ["key", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
