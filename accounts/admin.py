from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, Team, User
from accounts.services import user_deactivate


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "is_service"]
    list_filter = ["role", "is_active", "is_service", "teams"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["teams"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "time_zone"]}),
        ("Access", {"fields": ["role", "teams", "is_active", "is_staff", "is_superuser", "is_service"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]})]

    def save_model(self, request, obj, form, change):
        """Unticking "active" deactivates through the service: sessions and tokens end at once."""
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True
        super().save_model(request, obj, form, change)
        if deactivating:
            user_deactivate(user=obj, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "key_hint", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["key_hash", "key_hint", "user", "created_by", "created_at", "last_used_at"]
    exclude: list[str] = []

    def has_add_permission(self, request) -> bool:
        return False


# Devices are removed through "Reset two-factor" on the staff account page, which also ends the
# user's sessions; deleting a device row here would leave sessions verified by it signed in.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
