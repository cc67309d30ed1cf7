from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from privacy.classifications import Classification
from privacy.masking.levels import Level
from privacy.masking.models import RevealGrant
from privacy.masking.policy import Policy


class RevealForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you need to see this?"), choices=RevealGrant.Reason.choices)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == RevealGrant.Reason.OTHER and not (data.get("explanation") or "").strip():
            self.add_error("explanation", _("Explain why you need to see this value."))
        return data


class PolicyForm(forms.Form):
    """One select and one checkbox per (classification, role), plus the reveal settings."""

    reveal_minutes = forms.IntegerField(label=_("Reveal lasts (minutes)"), min_value=1, max_value=24 * 60)
    tokens_may_reveal = forms.BooleanField(label=_("API tokens may reveal"), required=False)

    def __init__(self, *args, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reveal_minutes"].initial = policy.settings.reveal_minutes
        self.fields["tokens_may_reveal"].initial = policy.settings.tokens_may_reveal
        for classification in Classification.values:
            for role in Role.values:
                cell = policy.cell(classification, role)
                self.fields[f"{classification}__{role}"] = forms.ChoiceField(
                    choices=Level.choices, initial=cell.level, label=f"{classification} / {role}"
                )
                self.fields[f"{classification}__{role}__reveal"] = forms.BooleanField(
                    required=False, initial=cell.reveal_allowed, label=_("reveal")
                )

    def cells(self) -> dict[tuple[str, str], tuple[str, bool]]:
        return {
            (classification, role): (
                self.cleaned_data[f"{classification}__{role}"],
                self.cleaned_data[f"{classification}__{role}__reveal"],
            )
            for classification in Classification.values
            for role in Role.values
        }

    def settings_values(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("reveal_minutes", "tokens_may_reveal")}
