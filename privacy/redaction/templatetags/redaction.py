"""Template tags for offering redaction on the ticket page: who may, and what waits for review."""

from django import template

from accounts import roles
from privacy.redaction.models import RedactionFlag

register = template.Library()


@register.simple_tag
def may_redact(user) -> bool:
    return roles.may_redact(getattr(user, "role", ""))


@register.simple_tag
def open_flag_count(ticket) -> int:
    return RedactionFlag.objects.filter(scope_id=ticket.pk, resolution="").count()
