"""Search by ticket number, subject words, customer email or name.

The access log stores the query only encrypted beside the event (audit.services.record_event)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpdesk.access_log import record_read
from helpdesk.forms import SearchForm
from helpdesk.selectors.search import search_customers, search_tickets
from helpdesk.views.common import ticket_role_required


@require_GET
@ticket_role_required
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    tickets, customers = [], []
    if query:
        tickets = search_tickets(user=request.user, query=query)
        customers = search_customers(user=request.user, query=query)
        record_read(
            action="search",
            actor=request.user,
            fields_shown=["ticket.subject", "customer.name", "customer.email"],
            result_count=len(tickets) + len(customers),
            query=query,
        )
    context = {"form": form, "query": query, "tickets": tickets, "customers": customers}
    return render(request, "helpdesk/search.html", context)
