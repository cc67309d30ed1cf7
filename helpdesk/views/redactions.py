"""Redaction screens: pick detected spans or select text, delete files, review flags, run bulk jobs.

Every object comes through an access helper (outsiders get 404), every write through a
privacy.redaction service, and every write needs the "cannot be undone" box ticked.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import roles
from accounts.decorators import role_required
from helpdesk.access_log import record_read
from helpdesk.custom_fields import active_definitions
from helpdesk.models import Comment, Ticket
from helpdesk.selectors.conversations import (
    attachment_get_for_agent,
    customer_tickets,
    ticket_attachments,
    ticket_comments,
)
from helpdesk.selectors.customers import customer_get_for_agent
from helpdesk.selectors.search import search_tickets
from helpdesk.selectors.tickets import ticket_get_for_agent
from privacy.detect import BUILTIN_TYPES
from privacy.masking.presenter import presenter_for
from privacy.redaction import selectors
from privacy.redaction.flags import redaction_flag_resolve, redaction_policy_set
from privacy.redaction.jobs import redaction_job_start
from privacy.redaction.models import Action, RedactionJob
from privacy.redaction.policy import actions as redaction_actions
from privacy.redaction.present import segments
from privacy.redaction.services import redactable_types, redaction_apply, redaction_file_delete
from privacy.redaction.targets import place_for

MAX_SEARCH_TICKETS = 5000


redact_role_required = role_required(roles.may_redact)


def _source(presenter, obj, field: str, key: str, name: str, label: str) -> dict | None:
    place = place_for(obj, field, key)
    if place is None:
        return None
    text = place.read()
    spans = selectors.suggestions(text)
    return {"name": name, "label": label, "segments": segments(text, spans, presenter), "suggestions": spans}


def _sources(request, ticket: Ticket, comments: list[Comment]) -> list[dict]:
    presenter = presenter_for(request)
    found = [_source(presenter, ticket, "subject", "", "subject", _("Subject"))]
    found += [
        _source(presenter, ticket, "custom_fields", d.key, f"field:{d.key}", d.label) for d in active_definitions()
    ]
    found += [
        _source(presenter, comment, "body", "", f"comment:{comment.pk}",
                _("Message of %(date)s") % {"date": comment.created_at.strftime("%Y-%m-%d %H:%M")})
        for comment in comments
    ]
    return [source for source in found if source is not None]


@require_GET
@redact_role_required
def ticket_redact(request, code):
    ticket = ticket_get_for_agent(user=request.user, code=code)
    context = {
        "ticket": ticket,
        "sources": _sources(request, ticket, ticket_comments(ticket)),
        "attachments": ticket_attachments(ticket),
        "flags": selectors.open_flags(scope_id=ticket.pk),
        "types": redactable_types(),
        "bulk_types": BUILTIN_TYPES,
    }
    record_read(action="ticket.redaction_view", actor=request.user, target=ticket,
                fields_shown=["subject", "custom_fields", "comments.body"])
    return render(request, "redaction/ticket_redact.html", context)


def _target(ticket: Ticket, source: str):
    """(object, field, key) for a source name from the form; 404 for anything not on this ticket."""
    if source == "subject":
        return ticket, "subject", ""
    if source.startswith("field:"):
        return ticket, "custom_fields", source.removeprefix("field:")
    comment = ticket.comments.filter(pk=_uuid(source.removeprefix("comment:"))).first()
    if not source.startswith("comment:") or comment is None:
        raise Http404("No such value on this ticket")
    return comment, "body", ""


def _uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404("No such value") from None


def _spans(post) -> list[dict]:
    chosen = list(post.getlist("span"))
    if post.get("selection"):
        chosen.append(f"{post['selection']}:{post.get('selection_type') or 'other'}")
    spans = []
    for token in chosen:
        start, _sep, rest = token.partition(":")
        end, _sep, type_ = rest.partition(":")
        spans.append({"start": start, "end": end, "type": type_})
    return spans


def _confirmed(request) -> bool:
    if request.POST.get("confirm") == "yes":
        return True
    messages.error(request, _("Tick the box to confirm: redaction cannot be undone."))
    return False


@require_POST
@redact_role_required
def ticket_redact_apply(request, code):
    ticket = ticket_get_for_agent(user=request.user, code=code)
    obj, field, key = _target(ticket, request.POST.get("source", ""))
    if _confirmed(request):
        try:
            redaction_apply(actor=request.user, obj=obj, field=field, key=key, spans=_spans(request.POST))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Redacted. The original text is gone."))
    return redirect("helpdesk:ticket_redact", code=ticket.code)


@require_POST
@redact_role_required
def attachment_redact(request, attachment_id):
    attachment = attachment_get_for_agent(user=request.user, attachment_id=attachment_id)
    code = attachment.ticket_id
    if _confirmed(request):
        redaction_file_delete(actor=request.user, obj=attachment)
        messages.success(request, _("The file is deleted for good."))
    return redirect("helpdesk:ticket_redact", code=code)


@require_POST
@redact_role_required
def flag_resolve(request, code, flag_id):
    ticket = ticket_get_for_agent(user=request.user, code=code)
    flag = selectors.flag_get(scope_id=ticket.pk, flag_id=flag_id)
    if flag is None:
        raise Http404("No such flag")
    redact = request.POST.get("decision") == "redact"
    if not redact or _confirmed(request):
        try:
            redaction_flag_resolve(actor=request.user, flag=flag, redact=redact)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("helpdesk:ticket_redact", code=ticket.code)


def _job_targets(request) -> tuple[str, list]:
    """What a bulk job covers, resolved now through the caller's own access helpers."""
    scope = request.POST.get("scope", "")
    if scope == RedactionJob.Scope.TICKET:
        tickets = [ticket_get_for_agent(user=request.user, code=_uuid(request.POST.get("code", "")))]
    elif scope == RedactionJob.Scope.CUSTOMER:
        customer = customer_get_for_agent(user=request.user, customer_id=_uuid(request.POST.get("customer", "")))
        tickets = list(customer_tickets(user=request.user, customer=customer))
    elif scope == RedactionJob.Scope.SEARCH:
        query = request.POST.get("q", "")
        tickets = search_tickets(user=request.user, query=query, limit=MAX_SEARCH_TICKETS)
        record_read(action="search", actor=request.user, fields_shown=[], result_count=len(tickets), query=query)
    else:
        raise ValidationError(_("Choose what to redact across."))
    codes = [ticket.pk for ticket in tickets]
    comment_ids = Comment.objects.filter(ticket__in=codes).order_by("created_at").values_list("pk", flat=True)
    targets = [(Ticket._meta.label, code) for code in codes] + [(Comment._meta.label, pk) for pk in comment_ids]
    return scope, targets


@require_POST
@redact_role_required
def job_start(request):
    back = request.POST.get("back") or reverse("helpdesk:queue")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("helpdesk:queue")
    if not _confirmed(request):
        return redirect(back)
    try:
        scope, targets = _job_targets(request)
        job = redaction_job_start(actor=request.user, type_=request.POST.get("type", ""), scope=scope, targets=targets)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect("helpdesk:redaction_job", job_id=job.pk)


@require_GET
@redact_role_required
def job_detail(request, job_id):
    job = selectors.job_get(user=request.user, job_id=job_id)
    if job is None:
        raise Http404("No such job")
    return render(request, "redaction/job_detail.html", {"job": job, "jobs": selectors.jobs_of(user=request.user)})


@require_http_methods(["GET", "POST"])
@role_required(roles.may_manage_accounts)
def policy(request):
    if request.method == "POST":
        try:
            redaction_policy_set(actor=request.user, type_=request.POST.get("type", ""),
                                 action=request.POST.get("action", ""))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Policy saved."))
        return redirect("helpdesk:redaction_policy")
    rows = sorted(redaction_actions().items())
    return render(request, "redaction/policy.html", {"rows": rows, "choices": Action.choices})
