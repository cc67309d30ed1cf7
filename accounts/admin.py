from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import login_lock_clear
from accounts.models import ApiToken, LoginThrottle, Team, User, UserSession
from accounts.services import user_deactivate
from accounts.sessions import user_session_end


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


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Failed sign-in counters; the "unlock" action lets a locked account sign in again."""

    list_display = ["kind", "user", "attempts", "window_started_at", "locked_until"]
    list_filter = ["kind"]
    readonly_fields = ["key", "kind", "user", "attempts", "window_started_at", "locked_until"]
    actions = ["unlock"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock(self, request, queryset):
        for throttle in queryset.filter(kind=LoginThrottle.Kind.ACCOUNT, user__isnull=False).select_related("user"):
            login_lock_clear(user=throttle.user, actor=request.user)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_seen_at", "ip"]
    readonly_fields = ["user", "key_hash", "created_at", "last_seen_at", "ip", "user_agent"]
    actions = ["end_sessions"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ending goes through the action, which also clears the cached state

    @admin.action(description=_("End the selected sessions"))
    def end_sessions(self, request, queryset):
        for user_session in queryset.select_related("user"):
            user_session_end(user_session=user_session, actor=request.user)
