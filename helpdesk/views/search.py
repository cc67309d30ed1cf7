"""Search by ticket number, subject words, customer email or name. The query is never logged."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.services import record_event
from helpdesk.forms import SearchForm
from helpdesk.views.common import ticket_role_required

MAX_RESULTS = 50


@require_GET
@ticket_role_required
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    tickets, customers = [], []
    if query:
        from helpdesk.selectors import search as search_selectors

        tickets = list(search_selectors.search_tickets(user=request.user, query=query)[:MAX_RESULTS])
        customers = list(search_selectors.search_customers(user=request.user, query=query)[:MAX_RESULTS])
        record_event(
            action="search",
            actor=request.user,
            fields_shown=["ticket.subject", "customer.name", "customer.email"],
            result_count=len(tickets) + len(customers),
        )
    context = {"form": form, "query": query, "tickets": tickets, "customers": customers}
    return render(request, "helpdesk/search.html", context)
