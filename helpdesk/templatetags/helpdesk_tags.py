from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from helpdesk.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized_html(value) -> str:
    """Render stored HTML, sanitizing it again at output so no unsanitized path can reach a page."""
    return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 - nh3 output is safe by construction


@register.filter
def initials(value) -> str:
    """Up to two initials for an avatar; '?' when the name is empty or unreadable."""
    words = [word for word in str(value or "").replace("@", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


@register.simple_tag
def status_badge(ticket) -> str:
    return format_html('<span class="badge badge--{}">{}</span>', ticket.status, ticket.get_status_display())


@register.simple_tag
def priority_badge(ticket) -> str:
    return format_html('<span class="priority priority--{}">{}</span>', ticket.priority, ticket.get_priority_display())
