"""Delivery records for admins: what failed, how often, what comes next; failed ones can be retried."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.models import EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    fields = ["kind", "status", "ticket", "agent", "reason", "attempts", "last_error", "next_attempt_at", "sent_at",
              "created_at"]
    readonly_fields = fields
    raw_id_fields = ["ticket", "agent"]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected failed deliveries now"))
    def retry_now(self, request, queryset):
        count = queryset.filter(status__in=[EmailDelivery.Status.FAILED, EmailDelivery.Status.RETRYING]).update(
            status=EmailDelivery.Status.RETRYING, next_attempt_at=timezone.now()
        )
        self.message_user(request, _("%(count)d deliveries will be retried within a minute.") % {"count": count})
