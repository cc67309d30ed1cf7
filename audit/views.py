"""Compliance UI: the access log, one agent's timeline, who looked at a customer, alerts, insights."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import exports, hooks, insights, selectors, services
from audit.detectors import TITLES
from audit.forms import DismissForm, EventFilterForm, ExportForm
from audit.models import Alert, Suggestion

PAGE_SIZE = 50


def _reviewer(request) -> None:
    if not selectors.may_review(request.user):
        raise Http404


def _event_list(request, *, template: str, fixed: dict, extra: dict | None = None):
    _reviewer(request)
    form = EventFilterForm({**request.GET.dict(), **fixed})
    filters = form.cleaned_data if form.is_valid() else fixed
    events, next_cursor = selectors.events_page(user=request.user, filters=filters, size=PAGE_SIZE)
    services.record_event(action="access_log.view", actor=request.user, result_count=len(events),
                          metadata={k: str(v) for k, v in fixed.items()})
    context = {
        "form": form,
        "events": events,
        "actors": selectors.actors_by_id(e.actor_id for e in events),
        "next_cursor": next_cursor,
        "query": request.GET.copy(),
        **(extra or {}),
    }
    context["query"].pop("before", None)
    return render(request, template, context)


@login_required
def event_list(request):
    return _event_list(request, template="audit/event_list.html", fixed={})


@login_required
def agent_timeline(request, actor_id: uuid.UUID):
    extra = {"agent": selectors.actors_by_id([actor_id]).get(actor_id), "agent_id": actor_id}
    return _event_list(request, template="audit/agent_timeline.html", fixed={"actor": str(actor_id)}, extra=extra)


@login_required
def customer_viewers(request, customer_id: uuid.UUID):
    _reviewer(request)
    viewers = selectors.viewers_of_customer(user=request.user, customer_id=str(customer_id))
    extra = {"viewers": viewers, "viewer_users": selectors.actors_by_id(v["actor_id"] for v in viewers),
             "customer_id": customer_id}
    return _event_list(request, template="audit/customer_viewers.html", fixed={"customer": str(customer_id)},
                       extra=extra)


@login_required
def export(request):
    _reviewer(request)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Invalid export filters: %(errors)s") % {"errors": form.errors.as_text()})
    events = selectors.events_filtered(user=request.user, filters=form.cleaned_data)[: exports.MAX_ROWS]
    services.record_event(action="access_log.export", actor=request.user, result_count=events.count(),
                          metadata={"format": form.cleaned_data["format"]})
    fmt = form.cleaned_data["format"]
    body = exports.csv_lines(events.iterator()) if fmt == "csv" else exports.json_lines(events.iterator())
    response = StreamingHttpResponse(body, content_type="text/csv" if fmt == "csv" else "application/json")
    response["Content-Disposition"] = f'attachment; filename="access-log.{fmt}"'
    return response


@login_required
def alert_list(request):
    _reviewer(request)
    state = request.GET.get("state", Alert.State.OPEN)
    state = state if state in Alert.State.values or state == "" else Alert.State.OPEN
    alerts = list(selectors.alerts_for_reviewer(user=request.user, state=state)[:200])
    return render(request, "audit/alert_list.html",
                  {"alerts": alerts, "titles": TITLES, "state": state, "states": Alert.State.choices})


@login_required
def alert_detail(request, alert_id: uuid.UUID):
    alert = selectors.alert_get_for_reviewer(user=request.user, alert_id=alert_id)
    evidence = list(selectors.events_filtered(user=request.user, filters={}).filter(id__in=alert.evidence[:200]))
    services.record_event(action="alert.view", actor=request.user, target=alert, result_count=len(evidence))
    return render(request, "audit/alert_detail.html", {
        "alert": alert, "title": TITLES.get(alert.rule, alert.rule), "events": evidence,
        "actors": selectors.actors_by_id(e.actor_id for e in evidence), "dismiss_form": DismissForm(),
    })


@login_required
@require_POST
def alert_acknowledge(request, alert_id: uuid.UUID):
    alert = selectors.alert_get_for_reviewer(user=request.user, alert_id=alert_id)
    services.alert_acknowledge(alert=alert, actor=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect("audit:alert_detail", alert_id=alert.pk)


@login_required
@require_POST
def alert_dismiss(request, alert_id: uuid.UUID):
    alert = selectors.alert_get_for_reviewer(user=request.user, alert_id=alert_id)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this alert is dismissed."))
        return redirect("audit:alert_detail", alert_id=alert.pk)
    services.alert_dismiss(alert=alert, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Alert dismissed."))
    return redirect("audit:alert_list")


@login_required
def insight_overview(request):
    _reviewer(request)
    usage = insights.field_usage()
    suggestions = list(Suggestion.objects.filter(state=Suggestion.State.OPEN)[:100])
    return render(request, "audit/insights.html", {
        "usage": usage, "stale": insights.stale_data_types(),
        "suggestions": [(s, hooks.available(s.kind)) for s in suggestions],
        "may_apply": request.user.role == "admin",
    })


@login_required
@require_POST
def suggestion_apply(request, suggestion_id: uuid.UUID):
    suggestion = selectors.suggestion_get_for_admin(user=request.user, suggestion_id=suggestion_id)
    try:
        services.suggestion_apply(suggestion=suggestion, actor=request.user)
        messages.success(request, _("Suggestion applied."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("audit:insights")


@login_required
@require_POST
def suggestion_dismiss(request, suggestion_id: uuid.UUID):
    suggestion = selectors.suggestion_get_for_admin(user=request.user, suggestion_id=suggestion_id)
    services.suggestion_dismiss(suggestion=suggestion, actor=request.user)
    messages.success(request, _("Suggestion dismissed."))
    return redirect("audit:insights")
