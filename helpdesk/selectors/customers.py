from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts import roles
from helpdesk.models import Customer, Ticket
from helpdesk.selectors.tickets import tickets_visible_to


def customer_find_by_email(email: str, *, among: QuerySet[Customer] | None = None) -> Customer | None:
    """Exact, case-insensitive lookup through the email blind index, among all customers or `among`
    (e.g. those a user may see, so that one query both finds and scopes)."""
    return _find_exact("email", email, among)


def _find_exact(field: str, value: str, among: QuerySet[Customer] | None = None) -> Customer | None:
    from privacy.crypto.search import find_exact

    matches = find_exact(Customer.objects.all() if among is None else among, field, value)
    return matches[0] if matches else None


def customers_visible_to(user) -> QuerySet[Customer]:
    """Customers with a ticket the user may see, plus customers with no ticket yet."""
    if not roles.works_tickets(user.role):
        return Customer.objects.none()
    if roles.sees_all_teams(user.role):
        return Customer.objects.all()
    visible = tickets_visible_to(user).filter(requester=OuterRef("pk"))
    any_ticket = Ticket.objects.filter(requester=OuterRef("pk"))
    return Customer.objects.filter(Q(Exists(visible)) | ~Q(Exists(any_ticket)))


def customer_get_for_agent(*, user, customer_id) -> Customer:
    customer = customers_visible_to(user).select_related("organization").filter(pk=customer_id).first()
    if customer is None:
        raise Http404("No such customer")
    return customer
