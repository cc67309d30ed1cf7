"""The public form where customers open a ticket without an account."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_GET, require_http_methods

from helpdesk.forms import WebTicketForm
from helpdesk.services import attachment_add, customer_for_email, ticket_create
from helpdesk.views.common import add_service_errors

SESSION_KEY = "web_form_ticket_number"
RATE_WINDOW_SECONDS = 3600


def _rate_key(request) -> str:
    """Per client IP and hour; the IP is keyed-hashed so no address lands in the cache."""
    ip = request.META.get("REMOTE_ADDR") or "unknown"
    hour = int(timezone.now().timestamp() // RATE_WINDOW_SECONDS)
    return f"webform:rate:{salted_hmac('web-form-rate', ip).hexdigest()[:32]}:{hour}"


def _over_limit(request) -> bool:
    """Count this attempt atomically (add then incr) and say whether it passes the hourly limit."""
    key = _rate_key(request)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        attempts = 1
    return attempts > settings.WEB_FORM_RATE_PER_HOUR


@transaction.atomic
def _open_ticket(data: dict):
    customer = customer_for_email(email=data["email"], name=data["name"])
    ticket = ticket_create(requester=customer, subject=data["subject"], body=data["message"], channel="web")
    if data.get("attachment"):
        attachment_add(ticket=ticket, upload=data["attachment"], comment=ticket.comments.first())
    return ticket


def _form_page(request, form, status: int = 200):
    context = {"form": form, "max_upload": settings.ATTACHMENT_MAX_BYTES}
    return render(request, "support/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def new_ticket(request):
    if request.method == "GET":
        return _form_page(request, WebTicketForm())
    if _over_limit(request):
        return render(request, "support/rate_limited.html", status=429)
    form = WebTicketForm(request.POST, request.FILES)
    if form.is_bot:
        return redirect("helpdesk:web_form_thanks")
    if form.is_valid():
        try:
            ticket = _open_ticket(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_KEY] = ticket.number
            return redirect("helpdesk:web_form_thanks")
    return _form_page(request, form, status=400)


@require_GET
def thanks(request):
    """Shows the number once: it comes from this browser's session, never from the URL."""
    return render(request, "support/thanks.html", {"number": request.session.pop(SESSION_KEY, None)})
