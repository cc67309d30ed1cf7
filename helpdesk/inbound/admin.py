"""Admin screens for mailboxes (credentials write-only) and the record of messages seen."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from helpdesk.models import EmailMessageRecord, Mailbox


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored password."),
    )

    class Meta:
        model = Mailbox
        fields = ["name", "host", "port", "use_ssl", "username", "password", "folder", "done_folder", "team", "active"]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            return password
        if self.instance.pk:
            return self.instance.password
        raise forms.ValidationError(_("A new mailbox needs a password."))


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "host", "port", "folder", "team", "active", "last_polled_at", "last_error"]
    list_filter = ["active"]


@admin.register(EmailMessageRecord)
class EmailMessageRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "direction", "outcome", "reason", "size", "mailbox"]
    list_filter = ["direction", "outcome", "reason"]
    fields = ["message_id_hash", "direction", "outcome", "reason", "size", "mailbox", "ticket", "created_at"]
    readonly_fields = fields
    list_select_related = ["mailbox"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
