"""The page and API figures: which route each one requests, and with what.

Routes are found by their URL names; a figure whose route does not exist yet is reported as
"not available" instead of failing the run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from bench.harness_fixtures import Fixtures


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    route: str
    auth: str  # "session" (the agent UI) or "token" (the API)
    kwargs: Callable[[Fixtures], dict] = lambda fx: {}
    query: Callable[[Fixtures], dict] = lambda fx: {}
    body: Callable[[Fixtures, int], dict] | None = None  # a POST with this JSON body
    status: int = 200
    notes: str = ""
    tags: tuple = field(default_factory=tuple)

    @property
    def method(self) -> str:
        return "POST" if self.body else "GET"

    def path(self, fx: Fixtures) -> str | None:
        try:
            path = reverse(self.route, kwargs=self.kwargs(fx))
        except NoReverseMatch:
            return None
        query = self.query(fx)
        return f"{path}?{urlencode(query)}" if query else path


def _ticket(fx: Fixtures) -> dict:
    return {"code": fx.ticket.pk}


def _scratch_ticket(fx: Fixtures) -> dict:
    """The create figures write to another ticket and customer, so that the pages measured after
    them (ratios, server) still show 10 comments and the same customer profile."""
    return {"code": fx.scratch.pk}


def _new_ticket(fx: Fixtures, i: int) -> dict:
    return {"subject": f"Benchmark ticket {i}", "body": "Created by the benchmark.",
            "requester_id": str(fx.scratch.requester_id)}


def _new_comment(fx: Fixtures, i: int) -> dict:
    return {"body": f"Benchmark reply {i}.", "is_public": True}


FIGURES = (
    Figure("ticket_list", "agent ticket list (25 rows)", "helpdesk:queue_open", "session"),
    Figure("ticket_page", "ticket page, 10 comments", "helpdesk:ticket_detail", "session", kwargs=_ticket),
    Figure("customer_profile", "customer profile", "helpdesk:customer_detail", "session",
           kwargs=lambda fx: {"customer_id": fx.customer_id}),
    Figure("email_search", "exact email search (search page)", "helpdesk:search", "session",
           query=lambda fx: {"q": fx.customer_email},
           notes="the whole search page: an e-mail address is one blind-index lookup (docs/search.md)"),
    Figure("email_lookup_api", "exact email lookup (API)", "api:customer-list", "token",
           query=lambda fx: {"email": fx.customer_email}),
    Figure("word_search", "word search, 2 words (search page)", "helpdesk:search", "session",
           query=lambda fx: {"q": fx.two_words}),
    Figure("api_ticket_list", "API ticket list (25)", "api:ticket-list", "token"),
    Figure("api_ticket_detail", "API ticket detail", "api:ticket-detail", "token", kwargs=_ticket),
    Figure("api_ticket_create", "API ticket create", "api:ticket-list", "token", body=_new_ticket, status=201),
    Figure("api_comment_create", "API comment create", "api:ticket-comments", "token", kwargs=_scratch_ticket,
           body=_new_comment, status=201),
)
BY_KEY = {figure.key: figure for figure in FIGURES}
