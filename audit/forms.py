from datetime import UTC

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.classify import ALL as CLASSES
from audit.models import AccessEvent


class UTCDateTimeField(forms.DateTimeField):
    """A moment in any offset Python accepts, handed on in UTC: PostgreSQL takes offsets up to
    +-15:59 only (Python up to +-23:59), and a moment that leaves the calendar in UTC is an error."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(_("Enter a date between the years 1 and 9999."), code="invalid") from None


class EventFilterForm(forms.Form):
    """The access-log filters shared by the list, the export and the API."""

    actor = forms.UUIDField(label=_("Actor id"), required=False)
    action = forms.CharField(label=_("Action"), max_length=64, required=False)
    target_type = forms.CharField(label=_("Target type"), max_length=64, required=False)
    target_id = forms.CharField(label=_("Target id"), max_length=64, required=False)
    customer = forms.CharField(label=_("Customer id"), max_length=64, required=False)
    since = UTCDateTimeField(label=_("From"), required=False)
    until = UTCDateTimeField(label=_("Until"), required=False)
    ip = forms.GenericIPAddressField(label=_("IP"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *AccessEvent.Outcome.choices], required=False)
    classification = forms.ChoiceField(label=_("Query looks like"), choices=[("", "—")] + [(c, c) for c in CLASSES],
                                       required=False)
    before = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean_action(self):
        return self.cleaned_data["action"].strip()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            raise forms.ValidationError(_("The start of the time range must be before its end."))
        return data


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ExportForm(EventFilterForm):
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("json", "JSON")])
