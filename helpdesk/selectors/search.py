"""Agent search over encrypted data: ticket numbers in the clear, customer email, phone and
external id through blind indexes, words in subjects, comments and names through token indexes.
Every index hit is decrypted and confirmed before it is returned.

The search page reads a query by its shape first (see docs/search.md): `#123` names one ticket, an
e-mail address names one customer, anything else is searched everywhere."""

import re

from helpdesk.models import Comment, Customer, Ticket
from helpdesk.selectors.customers import customers_visible_to
from helpdesk.selectors.tickets import tickets_visible_to
from privacy.crypto.search import find_exact, search

MAX_QUERY_LENGTH = 200
TICKET_NUMBER = re.compile(r"#?\s*(\d{1,18})")
TICKET_REFERENCE = re.compile(r"#\s*(\d{1,18})")
EMAIL_SHAPED = re.compile(r"[^\s@\"]+@[^\s@\"]+\.[^\s@\"]+")
EXACT_FIELDS = ("email", "phone", "external_id")
REFERENCE, EMAIL, WORDS = "reference", "email", "words"


def _clean(query: str) -> str:
    return (query or "").strip()[:MAX_QUERY_LENGTH]


def query_kind(query: str) -> tuple[str, str]:
    """(kind, what to look for): `#123` is a ticket reference, a lone e-mail address an exact
    customer lookup; anything else, or a query in double quotes, is searched everywhere."""
    query = _clean(query)
    if len(query) > 1 and query[0] == query[-1] == '"':
        return WORDS, query[1:-1].strip()
    if TICKET_REFERENCE.fullmatch(query):
        return REFERENCE, query
    if EMAIL_SHAPED.fullmatch(query):
        return EMAIL, query
    return WORDS, query


def ticket_by_reference(*, user, query: str) -> Ticket | None:
    """The visible ticket that `#123` names, or None."""
    reference = TICKET_REFERENCE.fullmatch(_clean(query))
    if reference is None:
        return None
    return tickets_visible_to(user).filter(number=int(reference[1])).first()


def search_by_email(*, user, email: str, limit: int = 25) -> tuple[list[Ticket], list[Customer]]:
    """The visible customers whose e-mail address is exactly `email` (one blind-index lookup, in
    any case) and their tickets, newest activity first. No word search. For the search page, which
    shows a customer's name and address and a ticket's assignee: nothing else is joined."""
    customers = find_exact(customers_visible_to(user), "email", _clean(email))
    if not customers:
        return [], []
    tickets = (
        tickets_visible_to(user)
        .filter(requester__in=[customer.pk for customer in customers])
        .select_related("assignee")  # what the search page's rows show besides the ticket's own fields
        .order_by("-updated_at")[:limit]
    )
    return list(tickets), customers[:limit]


def search_customers(*, user, query: str, limit: int = 25) -> list[Customer]:
    """Customers whose email, phone or external id equals the query, or whose name has its words."""
    query = _clean(query)
    if not query:
        return []
    visible = customers_visible_to(user).select_related("organization")
    found: dict = {}
    for field in EXACT_FIELDS:
        for customer in find_exact(visible, field, query):
            found.setdefault(customer.pk, customer)
    for customer in search(visible.order_by("-created_at"), "name_tokens", query, limit=limit):
        found.setdefault(customer.pk, customer)
    return list(found.values())[:limit]


def search_tickets(*, user, query: str, limit: int = 25, customers: list[Customer] | None = None) -> list[Ticket]:
    """Tickets by number, by their requester (see search_customers; pass `customers` when the caller
    has searched them already), or by words in the subject or any comment. Newest activity first."""
    query = _clean(query)
    if not query:
        return []
    visible = tickets_visible_to(user)
    codes: set = set()
    number = TICKET_NUMBER.fullmatch(query)
    if number:
        codes.update(visible.filter(number=int(number[1])).values_list("code", flat=True))
    if customers is None:
        customers = search_customers(user=user, query=query, limit=limit)
    requesters = [customer.pk for customer in customers]
    if requesters:
        by_requester = visible.filter(requester__in=requesters).order_by("-updated_at")
        codes.update(by_requester.values_list("code", flat=True)[:limit])
    codes.update(ticket.pk for ticket in search(visible.order_by("-updated_at"), "subject_tokens", query, limit=limit))
    comments = Comment.objects.filter(ticket__in=visible).order_by("-created_at")
    codes.update(comment.ticket_id for comment in search(comments, "body_tokens", query, limit=limit))
    return list(
        visible.filter(code__in=codes)
        .select_related("requester", "team", "assignee")
        .order_by("-updated_at")[:limit]
    )
