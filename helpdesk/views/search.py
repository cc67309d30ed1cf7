"""Search by ticket number, subject words, customer email or name (syntax: docs/search.md).

The access log stores the query only encrypted beside the event (audit.services.record_event)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from helpdesk.access_log import record_read
from helpdesk.forms import SearchForm
from helpdesk.selectors.search import (
    EMAIL,
    REFERENCE,
    query_kind,
    search_by_email,
    search_customers,
    search_tickets,
    ticket_by_reference,
)
from helpdesk.views.common import ticket_role_required

FIELDS_SHOWN = ["ticket.subject", "customer.name", "customer.email"]


@require_GET
@ticket_role_required
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    tickets, customers = [], []
    if query:
        kind, wanted = query_kind(query)
        if kind == REFERENCE:
            ticket = ticket_by_reference(user=request.user, query=wanted)
            tickets = [ticket] if ticket else []
        elif kind == EMAIL:
            tickets, customers = search_by_email(user=request.user, email=wanted)
        else:
            customers = search_customers(user=request.user, query=wanted)
            tickets = search_tickets(user=request.user, query=wanted, customers=customers)
        record_read(
            action="search",
            actor=request.user,
            fields_shown=FIELDS_SHOWN,
            result_count=len(tickets) + len(customers),
            query=query,
        )
        if kind == REFERENCE and tickets:
            return redirect(tickets[0])
    context = {"form": form, "query": query, "tickets": tickets, "customers": customers}
    return render(request, "helpdesk/search.html", context)
