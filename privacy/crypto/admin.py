"""Read-only views of keys and jobs; lifecycle actions go through `manage.py keys`."""

from django.contrib import admin

from .models import DataKey, KeyEncryptionKey, ReencryptionJob


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KeyEncryptionKey)
class KeyEncryptionKeyAdmin(ReadOnlyAdmin):
    list_display = ["id", "backend", "key_ref", "state", "created", "revoked_at", "destroy_after"]
    list_filter = ["state", "backend"]


@admin.register(DataKey)
class DataKeyAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject", "kek", "state", "created", "destroy_after"]
    list_filter = ["state"]
    exclude = ["wrapped"]


@admin.register(ReencryptionJob)
class ReencryptionJobAdmin(ReadOnlyAdmin):
    list_display = ["id", "scope", "state", "values_done", "values_skipped", "rows_done", "heartbeat", "finished"]
    list_filter = ["state"]
