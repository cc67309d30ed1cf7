import pytest
from django import forms
from django.utils import translation

from helpdesk.forms import AssignForm, PriorityForm, QueueFilterForm, ReplyForm, StatusForm, TeamForm
from helpdesk.widgets import RadioSelect, Select, Textarea, TextInput

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & \'quotes\''


def _both(field: forms.BoundField) -> tuple[str, str]:
    """The field as our widget renders it, and as Django's own Select template does."""
    ours = str(field)
    django_select = forms.Select(attrs=field.field.widget.attrs, choices=field.field.widget.choices)
    return ours, field.as_widget(widget=django_select)


def _forms(user, ticket):
    bound = {"status": "bogus", "priority": "high", "team": str(ticket.team_id), "assignee": "none", "sort": "number"}
    return [
        QueueFilterForm(user=user),
        QueueFilterForm(bound, user=user),
        StatusForm(initial={"status": ticket.status}),
        PriorityForm({"priority": "nonsense"}),
        AssignForm(user=user, initial={"assignee": user.pk}),
        TeamForm(initial={"team": ticket.team_id}),
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_it_renders_the_same_html_as_djangos_select(alice, bob, ticket, team_a, language):
    team_a.name = f"Team {HOSTILE}"
    team_a.save()
    with translation.override(language):
        for form in _forms(alice, ticket):
            for field in form:
                if isinstance(field.field.widget, Select):
                    ours, theirs = _both(field)
                    assert ours == theirs
    assert "Team &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in str(TeamForm()["team"])


def test_it_renders_option_groups_and_boolean_attributes_like_django():
    choices = [("", "Any"), ("Fruit", [("a", "Apple <b>"), ("p", "Pear")]), ("x", HOSTILE)]
    field = forms.ChoiceField(choices=choices, widget=Select(attrs={"disabled": True, "hidden": False, "data-x": 1}))
    form = forms.Form({"pick": "p"})
    form.fields["pick"] = field
    ours, theirs = _both(form["pick"])
    assert ours == theirs
    assert '<optgroup label="Fruit">' in ours and ' disabled' in ours and "hidden" not in ours
    assert '<option value="p" selected>Pear</option>' in ours and "<b>" not in ours


@pytest.mark.parametrize("value", [None, "", "plain", HOSTILE, "two\nlines"])
def test_text_inputs_and_text_areas_render_what_djangos_templates_render(value):
    for ours, theirs in ((TextInput(attrs={"maxlength": 10, "required": True, "data-x": HOSTILE}), forms.TextInput),
                         (Textarea(attrs={"rows": 6, "id": "reply-body", "disabled": False}), forms.Textarea)):
        assert ours.render("field", value) == theirs(attrs=ours.attrs).render("field", value)
    assert "<script>" not in TextInput().render("field", HOSTILE) + Textarea().render("field", HOSTILE)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("data", [None, {"visibility": "internal"}, {"visibility": "bogus"}])
def test_radio_options_render_what_djangos_templates_render(alice, light, language, data):
    for form in (ReplyForm(data, user=alice), ReplyForm(data, user=light)):
        form.fields["extra"] = forms.ChoiceField(choices=[("a", HOSTILE), ("b", "Bee")],
                                                 widget=RadioSelect(attrs={"class": "x"}))
        with translation.override(language):
            for name in ("visibility", "extra"):
                ours = list(form[name])
                theirs = _as_djangos_radio(form, name)
                assert [c.tag() for c in ours] == [c.tag() for c in theirs]
                assert [c.tag(wrap_label=True) for c in ours] == [c.tag(wrap_label=True) for c in theirs]
                assert [str(c) for c in ours] == [str(c) for c in theirs]
        assert "<script>" not in "".join(choice.tag(wrap_label=True) for choice in form["extra"])


def _as_djangos_radio(form: forms.Form, name: str) -> list:
    """The field's options as Django's own RadioSelect renders them."""
    field = form.fields[name]
    ours = field.widget
    field.widget = forms.RadioSelect(attrs=ours.attrs, choices=ours.choices)
    try:
        return list(forms.BoundField(form, field, name).subwidgets)
    finally:
        field.widget = ours
