"""`{% shown obj "field" %}` renders a field as the viewer may see it, with a lock marker when
masked; `{% presented obj "field" as value %}` gives the Shown object for custom rendering."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from privacy.masking.presenter import Shown, presenter_for

register = template.Library()

LOCK = mark_safe(  # noqa: S308 - a constant icon
    '<svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">'
    '<path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>'
)


@register.simple_tag(takes_context=True)
def presented(context, obj, field_name: str) -> Shown:
    return presenter_for(context["request"]).shown(obj, field_name)


@register.simple_tag(takes_context=True)
def shown(context, obj, field_name: str) -> str:
    return marker(context, presented(context, obj, field_name))


@register.simple_tag(takes_context=True)
def marker(context, value: Shown) -> str:
    """The value, escaped; masked values get a lock with the reason and, if allowed, a reveal link."""
    if value.unavailable:
        return format_html(
            '<span class="unavailable" title="{}">{}</span>',
            _("The key for this data is revoked or unreachable."),
            _("data unavailable"),
        )
    if not value.masked:
        return format_html("{}", str(value))
    title = _("Masked for your role.")
    if value.revealable:
        title += " " + _("You may reveal it with a reason.")
    masked = format_html('<span class="masked" title="{}">{}{}</span>', title, LOCK, str(value))
    if not value.revealable:
        return masked
    url = reverse("masking:reveal", kwargs={"label": value.target_type, "pk": value.target_id, "field": value.field})
    back = context["request"].get_full_path()
    return format_html('{} <a class="reveal" href="{}?{}">{}</a>', masked, url, urlencode({"next": back}), _("Reveal"))
