from django import forms
from django.core.exceptions import ValidationError

from privacy.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> NameForm:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_it_puts_a_plain_service_error_on_top_of_the_form():
    form = _bound()

    add_service_errors(form, ValidationError("This request is closed."))

    assert form.errors == {"__all__": ["This request is closed."]}


def test_it_puts_a_field_error_on_its_field_and_others_on_top():
    form = _bound()

    add_service_errors(form, ValidationError({"name": "Taken.", "channel": ["Unknown.", "Off."]}))

    assert form.errors == {"name": ["Taken."], "__all__": ["Unknown.", "Off."]}
