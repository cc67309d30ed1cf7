"""Forms of the retention screen. Conditions are plain fields, gathered into the policy's dict."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import Action, AgeBasis, HoldTarget
from privacy.retention.declarations import data_types

LIST_CONDITIONS = ("channel", "status", "team", "tag", "organization")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    data_type = forms.ChoiceField(label=_("Data type"))
    age_basis = forms.ChoiceField(label=_("Age counted from"), choices=AgeBasis.choices)
    keep_days = forms.IntegerField(label=_("Keep for (days)"), min_value=1, max_value=100 * 366)
    action = forms.ChoiceField(label=_("Then"), choices=Action.choices)
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
    channel = forms.CharField(label=_("Channels (comma-separated)"), required=False)
    status = forms.CharField(label=_("Statuses (comma-separated)"), required=False)
    team = forms.CharField(label=_("Teams (comma-separated)"), required=False)
    tag = forms.CharField(label=_("Tags (comma-separated)"), required=False)
    organization = forms.CharField(label=_("Organizations (comma-separated)"), required=False)
    custom_field_key = forms.SlugField(label=_("Custom field"), required=False)
    custom_field_value = forms.CharField(label=_("Custom field value"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_type"].choices = [(t.key, t.label) for t in data_types()]

    @classmethod
    def for_policy(cls, policy) -> "PolicyForm":
        conditions = policy.conditions or {}
        initial = {
            "name": policy.name,
            "data_type": policy.data_type,
            "age_basis": policy.age_basis,
            "keep_days": max(1, policy.keep_for.days),
            "action": policy.action,
            "enabled": policy.enabled,
            **{key: ", ".join(conditions[key]) for key in LIST_CONDITIONS if key in conditions},
        }
        if "custom_field" in conditions:
            initial["custom_field_key"] = conditions["custom_field"].get("key", "")
            initial["custom_field_value"] = conditions["custom_field"].get("value", "")
        return cls(initial=initial)

    def policy_values(self) -> dict:
        data = self.cleaned_data
        conditions = {key: _split(data[key]) for key in LIST_CONDITIONS if _split(data[key])}
        if data["custom_field_key"]:
            conditions["custom_field"] = {"key": data["custom_field_key"], "value": data["custom_field_value"]}
        return {
            "name": data["name"],
            "data_type": data["data_type"],
            "age_basis": data["age_basis"],
            "keep_for": timedelta(days=data["keep_days"]),
            "action": data["action"],
            "enabled": data["enabled"],
            "conditions": conditions,
        }


class HoldForm(forms.Form):
    target_kind = forms.ChoiceField(label=_("Hold"), choices=HoldTarget.choices)
    target_id = forms.UUIDField(label=_("Record id"))
    reason = forms.CharField(label=_("Reason (case or matter, no personal data)"), max_length=300)


class ScheduleForm(forms.Form):
    enabled = forms.BooleanField(label=_("Run every policy daily"), required=False)
    run_at = forms.TimeField(label=_("At (UTC)"))


class RunForm(forms.Form):
    dry_run = forms.BooleanField(label=_("Dry run: count only"), required=False)
