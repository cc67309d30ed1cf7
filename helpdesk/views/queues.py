"""The three queues: my tickets, unassigned in my teams, all open tickets I may see."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from helpdesk.forms import QueueFilterForm
from helpdesk.selectors.queues import lists_whole_queue, queue_counts, queue_page, queue_tickets
from helpdesk.views.common import is_htmx

TITLES = {"mine": _("My tickets"), "team": _("Unassigned in my teams"), "open": _("All open tickets")}


@login_required
def home(request):
    return redirect("helpdesk:queue_mine")


def _queue(request, queue: str):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    tickets = queue_tickets(user=request.user, queue=queue, filters=filters)
    results_only = is_htmx(request) and request.htmx.target == "queue-results"
    counts = None if results_only else queue_counts(user=request.user)
    known = counts[queue] if counts is not None and lists_whole_queue(filters) else None
    page = queue_page(tickets, request.GET.get("page"), count=known)
    context = {"queue": queue, "title": TITLES[queue], "form": form, "page": page, "counts": counts}
    context["query"] = _query_without_page(request)
    if results_only:
        return render(request, "helpdesk/partials/queue_results.html", context)
    return render(request, "helpdesk/queue.html", context)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def mine(request):
    return _queue(request, "mine")


@login_required
def team(request):
    return _queue(request, "team")


@login_required
def open_tickets(request):
    return _queue(request, "open")
