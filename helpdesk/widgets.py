"""Form widgets of the agent UI that render in Python what Django renders through templates."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """What django/forms/widgets/attrs.html renders: False leaves an attribute out, True names it alone."""
    return format_html_join(
        "", "{}", ((format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}"),)
                   for name, value in attrs.items() if value is not False)
    )


class Select(forms.Select):
    """Django's Select with the same HTML, without one template (and its attrs template) per option:
    a select of the sidebar or the queue filters renders several times faster."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts += [
                format_html('\n  <option value="{}"{}>{}</option>\n', f"{option['value']}", _attrs(option["attrs"]),
                            option["label"])
                for option in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output or a constant


def _input(widget: dict) -> SafeString:
    """What django/forms/widgets/input.html renders."""
    value = "" if widget["value"] is None else format_html(' value="{}"', f"{widget['value']}")
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value,
                       _attrs(widget["attrs"]))


class TextInput(forms.TextInput):
    """Django's TextInput with the same HTML, rendered without its two templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return _input(self.get_context(name, value, attrs)["widget"])


class Textarea(forms.Textarea):
    """Django's Textarea with the same HTML, rendered without its two templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs(widget["attrs"]),
                           widget["value"] or "")


class RadioSelect(forms.RadioSelect):
    """Django's RadioSelect whose single options, as a template renders them (`{{ choice.tag }}`
    for each choice of `{% for choice in form.field %}`), are rendered without three templates each."""

    def _render(self, template_name, context, renderer=None) -> SafeString:
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        option = context["widget"]
        if not option["wrap_label"]:
            return _input(option)
        label_for = format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else ""
        return format_html("<label{}>{}\n {}</label>", label_for, _input(option), option["label"])
