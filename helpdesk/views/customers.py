"""Customer profiles: who the customer is and every ticket of theirs the agent may see."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from helpdesk.access_log import record_read
from helpdesk.forms import CustomerForm
from helpdesk.selectors.conversations import customer_tickets
from helpdesk.selectors.customers import customer_get_for_agent, customers_visible_to
from helpdesk.selectors.queues import PAGE_SIZE
from helpdesk.services import customer_update
from helpdesk.views.common import add_service_errors, ticket_role_required
from privacy.crypto import UNAVAILABLE
from privacy.masking.presenter import presenter_for

PROFILE_FIELDS = ["name", "email", "phone", "external_id", "notes", "organization"]
EDITABLE = ("name", "email", "phone", "external_id", "notes")


@require_GET
@ticket_role_required
def customer_list(request):
    """Newest first: names are encrypted, so the database cannot sort by them. Search finds by name."""
    customers = customers_visible_to(request.user).select_related("organization").order_by("-created_at")
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(action="customer.list", actor=request.user, fields_shown=["name", "email"], result_count=len(page))
    return render(request, "helpdesk/customer_list.html", {"page": page})


def _readable(customer) -> bool:
    return not any(isinstance(getattr(customer, name), type(UNAVAILABLE)) for name in EDITABLE)


def _masked(request, customer) -> set[str]:
    """Fields the viewer sees masked: they stay out of the edit form, so no masked value is sent back."""
    presenter = presenter_for(request)
    return {name for name in EDITABLE if presenter.shown(customer, name).masked}


def _form(request, customer, data=None) -> CustomerForm:
    return CustomerForm(data, initial=_initial(customer), exclude=_masked(request, customer))


def _initial(customer) -> dict:
    return {**{name: getattr(customer, name) for name in EDITABLE}, "organization": customer.organization_id}


def _changes(customer, cleaned_data: dict) -> dict:
    """Only what the agent changed, so the access log names exactly the fields touched."""
    current = {**_initial(customer), "organization": customer.organization}
    return {name: value for name, value in cleaned_data.items() if value != current[name]}


def _profile(request, customer, form=None, status: int = 200):
    may_edit = roles.may_edit_customers(request.user.role) and _readable(customer)
    context = {
        "customer": customer,
        "tickets": customer_tickets(user=request.user, customer=customer),
        "form": form or (_form(request, customer) if may_edit else None),
        "may_edit": may_edit,
    }
    record_read(action="customer.view", actor=request.user, target=customer, fields_shown=PROFILE_FIELDS)
    return render(request, "helpdesk/customer_detail.html", context, status=status)


@require_GET
@ticket_role_required
def detail(request, customer_id):
    return _profile(request, customer_get_for_agent(user=request.user, customer_id=customer_id))


@require_POST
@ticket_role_required
def edit(request, customer_id):
    customer = customer_get_for_agent(user=request.user, customer_id=customer_id)
    if not roles.may_edit_customers(request.user.role) or not _readable(customer):
        raise PermissionDenied(_("You may not edit this customer."))
    form = _form(request, customer, request.POST)
    if form.is_valid():
        try:
            customer_update(customer=customer, actor=request.user, **_changes(customer, form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Customer saved."))
            return redirect(customer)
    return _profile(request, customer, form=form, status=400)
