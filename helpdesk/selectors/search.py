"""Agent search over encrypted data: ticket numbers in the clear, customer email, phone and
external id through blind indexes, words in subjects, comments and names through token indexes.
Every index hit is decrypted and confirmed before it is returned."""

import re

from helpdesk.models import Comment, Customer, Ticket
from helpdesk.selectors.customers import customers_visible_to
from helpdesk.selectors.tickets import tickets_visible_to
from privacy.crypto.search import find_exact, search

MAX_QUERY_LENGTH = 200
TICKET_NUMBER = re.compile(r"#?\s*(\d{1,18})")
EXACT_FIELDS = ("email", "phone", "external_id")


def _clean(query: str) -> str:
    return (query or "").strip()[:MAX_QUERY_LENGTH]


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


def search_tickets(*, user, query: str, limit: int = 25) -> list[Ticket]:
    """Tickets by number, by their requester (see search_customers), or by words in the subject
    or any comment. Newest activity first."""
    query = _clean(query)
    if not query:
        return []
    visible = tickets_visible_to(user)
    codes: set = set()
    number = TICKET_NUMBER.fullmatch(query)
    if number:
        codes.update(visible.filter(number=int(number[1])).values_list("code", flat=True))
    requesters = [customer.pk for customer in search_customers(user=user, query=query, limit=limit)]
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
