"""The rows of the ticket tables (queues, search, a customer's tickets), rendered in Python.

A table of 25 rows through nested template tags costs several times what the same HTML costs
here. Every value still goes through the masking presenter and the `marker` of `{% shown %}`,
and everything else through `format_html`, so each value is escaped exactly once.
"""

from django import template
from django.template.defaultfilters import date
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from privacy.masking.presenter import presenter_for
from privacy.masking.templatetags.masking import marker

register = template.Library()

EMPTY = "—"


class _Row:
    """What every row of a table needs, worked out once per table: the presenter, and each
    choice label translated once instead of once per row."""

    def __init__(self, context):
        self.context = context
        self.presenter = presenter_for(context["request"])
        self._labels: dict[tuple[str, str], str] = {}

    def shown(self, obj, field_name: str) -> SafeString:
        return marker(self.context, self.presenter.shown(obj, field_name))

    def label(self, ticket, field_name: str) -> str:
        value = getattr(ticket, field_name)
        label = self._labels.get((field_name, value))
        if label is None:
            label = self._labels[field_name, value] = str(getattr(ticket, f"get_{field_name}_display")())
        return label

    def badges(self, ticket) -> SafeString:
        return format_html(
            '<td><span class="badge badge--{}">{}</span></td><td><span class="priority priority--{}">{}</span></td>',
            ticket.status, self.label(ticket, "status"), ticket.priority, self.label(ticket, "priority"),
        )


def _time(value, *, title: bool = False) -> SafeString:
    local = template_localtime(value)
    if title:
        return format_html('<time datetime="{}" title="{}">{}</time>', date(local, "c"),
                           date(local, "DATETIME_FORMAT"), date(local, "SHORT_DATETIME_FORMAT"))
    return format_html('<time datetime="{}">{}</time>', date(local, "c"), date(local, "SHORT_DATETIME_FORMAT"))


def _or_empty(value) -> str:
    return value if value else EMPTY


def _queue_row(row: _Row, ticket) -> SafeString:
    url = ticket.get_absolute_url()
    tags = format_html_join("", ' <span class="tag">{}</span>', ((tag.name,) for tag in ticket.tags.all()))
    return format_html(
        '<tr><td class="col-number"><a href="{}">{}</a></td><td class="col-subject">'
        '<a class="ticket-link" href="{}">{}</a> <span class="row-meta">{} · {}{}</span></td>'
        '{}<td>{}</td><td>{}</td><td class="col-time">{}</td></tr>',
        url, localize(ticket.number), url, row.shown(ticket, "subject"), row.shown(ticket.requester, "name"),
        row.label(ticket, "channel"), tags, row.badges(ticket), _or_empty(ticket.team), _or_empty(ticket.assignee),
        _time(ticket.updated_at, title=True),
    )


def _ticket_row(row: _Row, ticket) -> SafeString:
    url = ticket.get_absolute_url()
    return format_html(
        '<tr><td class="col-number"><a href="{}">{}</a></td><td class="col-subject">'
        '<a class="ticket-link" href="{}">{}</a></td>{}<td>{}</td><td class="col-time">{}</td></tr>',
        url, localize(ticket.number), url, row.shown(ticket, "subject"), row.badges(ticket),
        _or_empty(ticket.assignee), _time(ticket.created_at),
    )


@register.simple_tag(takes_context=True)
def queue_rows(context, tickets) -> SafeString:
    """Rows of a queue: number, subject with requester, channel and tags, status, priority, team,
    assignee, last update."""
    row = _Row(context)
    return mark_safe("\n".join(_queue_row(row, ticket) for ticket in tickets))  # noqa: S308 - joined format_html output


@register.simple_tag(takes_context=True)
def ticket_rows(context, tickets) -> SafeString:
    """Rows of a short ticket table (search, a customer's tickets): number, subject, status,
    priority, assignee, creation."""
    row = _Row(context)
    return mark_safe("\n".join(_ticket_row(row, ticket) for ticket in tickets))  # noqa: S308 - joined format_html output
