import re
import zoneinfo
from datetime import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import dateformat, timezone, translation

from accounts.models import User
from helpdesk.models import Ticket
from helpdesk.selectors.queues import QueueFilters, queue_page, queue_tickets
from helpdesk.services import comment_create, customer_create, ticket_create, ticket_update
from helpdesk.templatetags.ticket_tables import _date

pytestmark = pytest.mark.django_db

# The rows as the queue and search templates rendered them through template tags, one tag per value.
QUEUE_LOOP = ("""{% load helpdesk_tags masking %}{% for ticket in tickets %}
<tr>
  <td class="col-number"><a href="{{ ticket.get_absolute_url }}">{{ ticket.number }}</a></td>
  <td class="col-subject">
    <a class="ticket-link" href="{{ ticket.get_absolute_url }}">{% shown ticket "subject" %}</a>
    <span class="row-meta">{% shown ticket.requester "name" %} · {{ ticket.get_channel_display }}"""
"""{% for tag in ticket.tags.all %} <span class="tag">{{ tag.name }}</span>{% endfor %}</span>
  </td>
  <td>{% status_badge ticket %}</td>
  <td>{% priority_badge ticket %}</td>
  <td>{{ ticket.team|default:"—" }}</td>
  <td>{{ ticket.assignee|default:"—" }}</td>
  <td class="col-time"><time datetime="{{ ticket.updated_at|date:'c' }}" """
"""title="{{ ticket.updated_at|date:'DATETIME_FORMAT' }}">"""
"""{{ ticket.updated_at|date:"SHORT_DATETIME_FORMAT" }}</time></td>
</tr>{% endfor %}""")
SEARCH_LOOP = ("""{% load helpdesk_tags masking %}{% for ticket in tickets %}
<tr>
  <td class="col-number"><a href="{{ ticket.get_absolute_url }}">{{ ticket.number }}</a></td>
  <td class="col-subject"><a class="ticket-link" href="{{ ticket.get_absolute_url }}">"""
"""{% shown ticket "subject" %}</a></td>
  <td>{% status_badge ticket %}</td>
  <td>{% priority_badge ticket %}</td>
  <td>{{ ticket.assignee|default:"—" }}</td>
  <td class="col-time"><time datetime="{{ ticket.created_at|date:'c' }}">"""
"""{{ ticket.created_at|date:"SHORT_DATETIME_FORMAT" }}</time></td>
</tr>{% endfor %}""")
HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


@pytest.fixture
def tickets(ticket, team_a, alice, admin_user):
    team_a.name = f"Team {HOSTILE}"
    team_a.save()
    User.objects.filter(pk=alice.pk).update(full_name=f"Alice {HOSTILE}")
    alice.refresh_from_db()
    jonas = customer_create(name=f"Jonas {HOSTILE}", email="jonas@example.com")
    other = ticket_create(requester=jonas, subject=f"Call me on +49 30 1234567 {HOSTILE}", body="Hi", channel="web",
                          team=team_a)
    ticket_update(ticket=other, actor=admin_user, assignee=alice, tags=["billing", "vip"], priority="urgent")
    comment_create(ticket=ticket, body="Noted", is_public=False, author_agent=alice)
    rows = Ticket.objects.select_related("requester", "team", "assignee").prefetch_related("tags")
    return list(rows.order_by("-updated_at"))


def _render(source: str, viewer, tickets) -> str:
    request = RequestFactory().get("/tickets/open/")
    request.user = viewer
    html = engines["django"].from_string(source).render({"tickets": tickets}, request)
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("viewer", ["alice", "light"])
@pytest.mark.parametrize(("tag", "loop"), [("queue_rows", QUEUE_LOOP), ("ticket_rows", SEARCH_LOOP)])
def test_it_renders_exactly_what_the_template_loop_rendered(request, tickets, viewer, language, tag, loop):
    user = request.getfixturevalue(viewer)
    with translation.override(language):
        rows = _render(f"{{% load ticket_tables %}}{{% {tag} tickets %}}", user, tickets)
        assert rows == _render(loop, user, tickets)
    assert rows.count("<tr>") == len(tickets) == 2


def test_it_escapes_every_value_and_masks_for_the_role(tickets, light):
    rows = _render("{% load ticket_tables %}{% queue_rows tickets %}", light, tickets)
    assert "<img" not in rows and 'onerror="' not in rows
    assert "Team &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;" in rows
    assert "Alice &lt;img" in rows
    assert "Mustermann" not in rows and "1234567" not in rows and rows.count('class="masked"') >= 3
    assert '<span class="tag">billing</span>' in rows and 'priority--urgent' in rows


def test_it_shows_the_queue_with_rows_through_the_page(login, alice, tickets):
    page = login(alice).get("/tickets/open/").content.decode()
    assert all(ticket.get_absolute_url() in page for ticket in tickets)
    assert "Alice &lt;img" in page and "<img src=x" not in page


@pytest.mark.parametrize("moment", ["00:30:05", "09:05:00", "10:00:00", "12:45:59", "22:00:00", "23:59:59"])
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("tag", "loop"), [("queue_rows", QUEUE_LOOP), ("ticket_rows", SEARCH_LOOP)])
def test_it_renders_times_of_day_as_the_date_filter_did(tickets, alice, moment, language, tag, loop):
    # The day Berlin moves to summer time; 10:00 and 22:00 UTC are noon and midnight there.
    stamp = datetime.fromisoformat(f"2026-03-29T{moment}+00:00")
    Ticket.objects.update(updated_at=stamp, created_at=stamp)
    for ticket in tickets:
        ticket.updated_at = ticket.created_at = stamp
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        rows = _render(f"{{% load ticket_tables %}}{{% {tag} tickets %}}", alice, tickets)
        assert rows == _render(loop, alice, tickets)


@pytest.mark.parametrize(
    "format_string",
    ["c", "N j, Y, P", "j. F Y H:i", "m/d/Y P", r"\Y\e\a\r: Y, \\d", "D, d M Y H:i:s O", "l jS \\of F Y h:i:s A e", ""],
)
def test_its_date_formatting_is_the_date_filters(format_string):
    for moment in (datetime(2026, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),
                   datetime(2026, 7, 4, 12, 0, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
                   datetime(2026, 12, 31, 23, 59, 59, tzinfo=zoneinfo.ZoneInfo("UTC"))):
        for language in ("en", "de"):
            with translation.override(language):
                assert _date(dateformat.DateFormat(moment), format_string) == dateformat.format(moment, format_string)


def test_it_links_the_tickets_under_the_script_prefix(tickets, alice):
    set_script_prefix("/desk/")
    try:
        rows = _render("{% load ticket_tables %}{% queue_rows tickets %}", alice, tickets)
        assert rows == _render(QUEUE_LOOP, alice, tickets)
    finally:
        set_script_prefix("/")
    assert all(f'href="/desk/tickets/{ticket.code}/"' in rows for ticket in tickets)


def test_it_renders_a_queue_page_with_its_tags_as_the_template_loop(tickets, alice, django_assert_num_queries):
    page = queue_page(queue_tickets(user=alice, queue="open", filters=QueueFilters()), 1)
    rows = _render("{% load ticket_tables %}{% queue_rows tickets %}", alice, page)
    assert all(hasattr(ticket, "tag_list") for ticket in page)
    assert '<span class="tag">billing</span><span class="tag">vip</span>' in rows  # spaces collapsed by _render
    with django_assert_num_queries(0):  # the tags come with the page
        _render("{% load ticket_tables %}{% queue_rows tickets %}", alice, page)
    assert rows == _render(QUEUE_LOOP, alice, list(Ticket.objects.filter(pk__in=[t.pk for t in page])
                                                     .select_related("requester", "team", "assignee")
                                                     .prefetch_related("tags").order_by("-updated_at", "-number")))
