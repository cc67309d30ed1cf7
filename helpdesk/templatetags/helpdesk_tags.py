from django import template
from django.utils.safestring import mark_safe

from helpdesk.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized_html(value) -> str:
    """Render stored HTML, sanitizing it again at output so no unsanitized path can reach a page."""
    return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 - nh3 output is safe by construction
