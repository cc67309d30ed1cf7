"""Retention screens: policies with today's preview, legal holds, the schedule and run reports."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.sudo import require_sudo
from audit.services import record_event
from privacy.access import may_edit_policies, privacy_role_required, require_policy_editor
from privacy.forms import add_service_errors
from privacy.retention import selectors, services
from privacy.retention.forms import HoldForm, PolicyForm, RunForm, ScheduleForm


def _overview(request, *, hold_form=None, status: int = 200):
    schedule = services.schedule_get()
    previews = {item.policy.pk: item for item in services.preview()}
    context = {
        "rows": [(policy, previews.get(policy.pk)) for policy in selectors.policies_for(user=request.user)],
        "runs": selectors.runs_for(user=request.user, limit=20),
        "holds": selectors.holds_active_for(user=request.user),
        "hold_form": hold_form or HoldForm(),
        "schedule_form": ScheduleForm(initial={"enabled": schedule.enabled, "run_at": schedule.run_at}),
        "may_edit": may_edit_policies(request.user),
    }
    record_event(action="retention.view", actor=request.user, result_count=len(previews))
    return render(request, "privacy/retention.html", context, status=status)


@require_GET
@privacy_role_required
def overview(request):
    return _overview(request)


def _save_policy_form(request, form, *, policy, save):
    """On a valid POST, `save(actor=..., **values)` and back to the screen; else the form again (400 after a POST)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, **form.policy_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("privacy:retention")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/policy_form.html", {"form": form, "policy": policy}, status=status)


@require_http_methods(["GET", "POST"])
@privacy_role_required
@require_sudo
def policy_new(request):
    require_policy_editor(request.user)
    form = PolicyForm(request.POST or None)
    return _save_policy_form(request, form, policy=None, save=services.policy_create)


@require_http_methods(["GET", "POST"])
@privacy_role_required
@require_sudo
def policy_edit(request, policy_id):
    policy = selectors.policy_get_for_user(user=request.user, policy_id=policy_id)
    require_policy_editor(request.user)
    form = PolicyForm(request.POST) if request.method == "POST" else PolicyForm.for_policy(policy)
    return _save_policy_form(request, form, policy=policy, save=partial(services.policy_update, policy=policy))


@require_POST
@privacy_role_required
@require_sudo
def policy_delete(request, policy_id):
    policy = selectors.policy_get_for_user(user=request.user, policy_id=policy_id)
    require_policy_editor(request.user)
    services.policy_delete(policy=policy, actor=request.user)
    messages.success(request, _("Policy deleted."))
    return redirect("privacy:retention")


@require_POST
@privacy_role_required
@require_sudo
def policy_run(request, policy_id):
    policy = selectors.policy_get_for_user(user=request.user, policy_id=policy_id)
    require_policy_editor(request.user)
    form = RunForm(request.POST)
    dry_run = form.is_valid() and form.cleaned_data["dry_run"]
    runs = services.runs_start(actor=request.user, policy_name=policy.name, dry_run=dry_run, trigger="screen")
    services.runs_enqueue(runs)
    messages.success(request, _("Run started; its report appears below when it is done."))
    return redirect("privacy:retention")


@require_GET
@privacy_role_required
def run_detail(request, run_id):
    run = selectors.run_get_for_user(user=request.user, run_id=run_id)
    record_event(action="retention_run.view", actor=request.user, target=run)
    return render(request, "privacy/run_detail.html", {"run": run})


@require_POST
@privacy_role_required
def hold_place(request):
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.legal_hold_place(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Legal hold placed."))
            return redirect("privacy:retention")
    return _overview(request, hold_form=form, status=400)


@require_POST
@privacy_role_required
def hold_release(request, hold_id):
    hold = selectors.hold_get_for_user(user=request.user, hold_id=hold_id)
    try:
        services.legal_hold_release(hold=hold, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Legal hold released."))
    return redirect("privacy:retention")


@require_POST
@privacy_role_required
@require_sudo
def schedule_update(request):
    require_policy_editor(request.user)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the time as HH:MM."))
        return redirect("privacy:retention")
    services.schedule_update(actor=request.user, **form.cleaned_data)
    messages.success(request, _("Schedule saved."))
    return redirect("privacy:retention")
