"""The plain Django baseline: the same ORM queries as the agent ticket list, the ticket page and
the API ticket list, over the plain twin tables, with no encryption, masking or access log, and
a minimal template or JsonResponse. Whole stack / baseline is what every privacy feature and
the product's richer pages cost together over what most Django apps would run."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from bench.harness_twin import PlainTicket

OPEN_STATUSES = ("new", "open", "pending")
PAGE_SIZE = 25

_LIST = engines["django"].from_string(
    "<!doctype html><title>Open tickets</title><table>{% for t in page %}<tr>"
    "<td>#{{ t.number }}</td><td><a href='{{ t.code }}/'>{{ t.subject }}</a></td><td>{{ t.requester.name }}</td>"
    "<td>{{ t.requester.email }}</td><td>{{ t.status }}</td><td>{{ t.priority }}</td><td>{{ t.team.name }}</td>"
    "<td>{{ t.assignee.full_name }}</td><td>{% for tag in t.tags.all %}{{ tag.name }} {% endfor %}</td>"
    "<td>{{ t.updated_at }}</td></tr>{% endfor %}</table><p>{{ page.paginator.count }} tickets</p>"
)
_PAGE = engines["django"].from_string(
    "<!doctype html><title>#{{ t.number }}</title><h1>{{ t.subject }}</h1>"
    "<p>{{ t.requester.name }} &lt;{{ t.requester.email }}&gt; {{ t.status }} {{ t.team.name }}</p>"
    "{% for c in comments %}<article><b>{% if c.author_agent %}{{ c.author_agent.full_name }}{% else %}"
    "{{ c.author_customer.name }}{% endif %}</b>"
    "<time>{{ c.created_at }}</time><div>{{ c.body|linebreaks }}</div></article>{% endfor %}"
)


def _visible(user):
    return PlainTicket.objects.filter(Q(team__in=user.team_ids()) | Q(assignee=user))


@login_required
def ticket_list(request):
    tickets = (
        _visible(request.user).filter(status__in=OPEN_STATUSES)
        .select_related("requester", "assignee", "team").prefetch_related("tags").order_by("-updated_at", "-number")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, _LIST, {"page": page})


@login_required
def ticket_page(request, code):
    ticket = (
        _visible(request.user).select_related("requester", "team", "assignee").prefetch_related("tags")
        .filter(code=code).first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    comments = list(ticket.comments.select_related("author_agent", "author_customer"))
    return _render(request, _PAGE, {"t": ticket, "comments": comments})


def api_ticket_list(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "not_authenticated"}, status=401)
    tickets = (
        _visible(request.user).select_related("requester", "team", "assignee").prefetch_related("tags")
        .order_by("-updated_at", "code")[:PAGE_SIZE]
    )
    return JsonResponse({"results": [_ticket_json(t) for t in tickets]})


def _ticket_json(t: PlainTicket) -> dict:
    return {
        "code": str(t.code), "number": t.number, "subject": t.subject, "status": t.status, "priority": t.priority,
        "channel": t.channel, "team": str(t.team_id) if t.team_id else None,
        "assignee": str(t.assignee_id) if t.assignee_id else None,
        "requester": {"id": str(t.requester_id), "name": t.requester.name, "email": t.requester.email},
        "tags": [tag.name for tag in t.tags.all()], "custom_fields": t.custom_fields,
        "created_at": t.created_at.isoformat(), "updated_at": t.updated_at.isoformat(),
    }


def _render(request, template, context):
    return HttpResponse(template.render(context, request))


urlpatterns = [
    path("tickets/open/", ticket_list, name="ticket_list"),
    path("tickets/<uuid:code>/", ticket_page, name="ticket_page"),
    path("api/tickets/", api_ticket_list, name="api_ticket_list"),
]
