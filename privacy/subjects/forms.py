from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import RequestKind


class OpenRequestForm(forms.Form):
    """Find the person by one of email, phone or customer record id."""

    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=64)
    subject_id = forms.UUIDField(label=_("Customer record id"), required=False)
    keep_structure = forms.BooleanField(label=_("Keep organization tickets, anonymized"), required=False)

    def clean(self):
        data = super().clean()
        given = [name for name in ("email", "phone", "subject_id") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(_("Give exactly one of email, phone or customer record id."))
        return data

    def lookup(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data.get("email") or "",
            "phone": data.get("phone") or "",
            "subject_id": str(data["subject_id"]) if data.get("subject_id") else "",
        }


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that erasure cannot be undone"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)
