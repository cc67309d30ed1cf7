"""The rows of the ticket tables (queues, search, a customer's tickets), rendered in Python.

A table of 25 rows through nested template tags costs several times what the same HTML costs
here. Every value still goes through the masking presenter and the `marker` of `{% shown %}`,
and everything else through `format_html`, so each value is escaped exactly once.
"""

import uuid
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.formats import get_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from privacy.masking.presenter import presenter_for
from privacy.masking.templatetags.masking import marker

register = template.Library()

EMPTY = "—"
_SOME_CODE = uuid.UUID(int=0)


@lru_cache(maxsize=64)
def _date_pieces(format_string: str) -> tuple[tuple[bool, str], ...]:
    """A date format split as `django.utils.dateformat.Formatter.format` splits it on every call:
    (True, format character) or (False, literal text)."""
    pieces = re_formatchars.split(format_string)
    return tuple(
        (True, piece) if i % 2 else (False, re_escaped.sub(r"\1", piece)) for i, piece in enumerate(pieces) if piece
    )


def _date(formatter: DateFormat, format_string: str) -> str:
    """What the `date` filter renders for `format_string` (a format, not a setting's name)."""
    pieces = _date_pieces(format_string)
    return "".join(str(getattr(formatter, text)()) if is_char else text for is_char, text in pieces)


class _Row:
    """What every row of a table needs, worked out once per table: the presenter, each choice label
    translated once instead of once per row, the ticket URL reversed once, and the date formats of
    the active language."""

    def __init__(self, context):
        self.context = context
        self.presenter = presenter_for(context["request"])
        self._labels: dict[tuple[str, str], str] = {}
        self._url: tuple[str, str] | None = None
        self._formats: dict[str, str] = {}

    def url(self, ticket) -> str:
        """`ticket.get_absolute_url()`: the same reverse, done once, with the code put in its place."""
        if self._url is None:
            head, _, tail = reverse("helpdesk:ticket_detail", kwargs={"code": _SOME_CODE}).rpartition(str(_SOME_CODE))
            self._url = (head, tail)
        return f"{self._url[0]}{ticket.code}{self._url[1]}"

    def time(self, value, *, title: bool = False) -> SafeString:
        """A <time> element with the `date` filter's output for the ISO form and the short (and, as
        its title, the long) date and time format."""
        local = template_localtime(value)
        formatter = DateFormat(local)
        short = _date(formatter, self._format("SHORT_DATETIME_FORMAT"))
        if title:
            return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(),
                               _date(formatter, self._format("DATETIME_FORMAT")), short)
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), short)

    def _format(self, name: str) -> str:
        if name not in self._formats:
            self._formats[name] = str(get_format(name))
        return self._formats[name]

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


def _or_empty(value) -> str:
    return value if value else EMPTY


def _queue_row(row: _Row, ticket) -> SafeString:
    url = row.url(ticket)
    tags = getattr(ticket, "tag_list", None)  # queue_page's prefetched list, else the related manager
    if tags is None:
        tags = ticket.tags.all()
    tags = format_html_join("", ' <span class="tag">{}</span>', ((tag.name,) for tag in tags))
    return format_html(
        '<tr><td class="col-number"><a href="{}">{}</a></td><td class="col-subject">'
        '<a class="ticket-link" href="{}">{}</a> <span class="row-meta">{} · {}{}</span></td>'
        '{}<td>{}</td><td>{}</td><td class="col-time">{}</td></tr>',
        url, localize(ticket.number), url, row.shown(ticket, "subject"), row.shown(ticket.requester, "name"),
        row.label(ticket, "channel"), tags, row.badges(ticket), _or_empty(ticket.team), _or_empty(ticket.assignee),
        row.time(ticket.updated_at, title=True),
    )


def _ticket_row(row: _Row, ticket) -> SafeString:
    url = row.url(ticket)
    return format_html(
        '<tr><td class="col-number"><a href="{}">{}</a></td><td class="col-subject">'
        '<a class="ticket-link" href="{}">{}</a></td>{}<td>{}</td><td class="col-time">{}</td></tr>',
        url, localize(ticket.number), url, row.shown(ticket, "subject"), row.badges(ticket),
        _or_empty(ticket.assignee), row.time(ticket.created_at),
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
