"""Subject-request screens: open a request, follow it, export, erase or reject it."""

import io
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.sudo import require_sudo
from audit.services import record_event
from privacy.access import privacy_role_required
from privacy.forms import add_service_errors
from privacy.subjects import selectors, services
from privacy.subjects.forms import EraseForm, OpenRequestForm, RejectForm

PAGE_SIZE = 50


def _list(request, form=None, status: int = 200):
    requests = list(selectors.subject_requests_for(user=request.user)[:PAGE_SIZE])
    record_event(action="subject_request.list", actor=request.user, result_count=len(requests))
    context = {"requests": requests, "form": form or OpenRequestForm()}
    return render(request, "privacy/subjects.html", context, status=status)


@require_GET
@privacy_role_required
def request_list(request):
    return _list(request)


@require_POST
@privacy_role_required
def request_open(request):
    form = OpenRequestForm(request.POST)
    if form.is_valid():
        try:
            opened = services.subject_request_open(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                keep_structure=form.cleaned_data["keep_structure"],
                **form.lookup(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Request opened."))
            return redirect("privacy:subject_detail", request_id=opened.pk)
    return _list(request, form=form, status=400)


def _detail(request, subject_request, *, erase_form=None, reject_form=None, status: int = 200):
    context = {
        "req": subject_request,
        "entries": subject_request.entries.select_related("actor"),
        "erase_form": erase_form or EraseForm(),
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, "privacy/subject_detail.html", context, status=status)


@require_GET
@privacy_role_required
def request_detail(request, request_id):
    subject_request = selectors.subject_request_get_for_user(user=request.user, request_id=request_id)
    record_event(action="subject_request.view", actor=request.user, target=subject_request)
    return _detail(request, subject_request)


@require_POST
@privacy_role_required
@require_sudo
def request_export(request, request_id):
    subject_request = selectors.subject_request_get_for_user(user=request.user, request_id=request_id)
    buffer = io.BytesIO()
    try:
        services.subject_request_export(request=subject_request, actor=request.user, target=buffer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:subject_detail", request_id=subject_request.pk)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="export-{subject_request.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


def _close_and_show(request, subject_request, *, close, success: str = ""):
    """Run `close()`; its ValidationError, or else `success`, becomes a message on the request's page."""
    try:
        close()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
    return redirect("privacy:subject_detail", request_id=subject_request.pk)


@require_POST
@privacy_role_required
@require_sudo
def request_erase(request, request_id):
    subject_request = selectors.subject_request_get_for_user(user=request.user, request_id=request_id)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, erase_form=form, status=400)
    return _close_and_show(
        request, subject_request,
        close=partial(services.subject_request_erase, request=subject_request, actor=request.user),
        success=_("Erasure finished; see what could not be erased below."),
    )


@require_POST
@privacy_role_required
def request_reject(request, request_id):
    subject_request = selectors.subject_request_get_for_user(user=request.user, request_id=request_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, subject_request, reject_form=form, status=400)
    reason = form.cleaned_data["reason"]
    return _close_and_show(
        request, subject_request,
        close=partial(services.subject_request_reject, request=subject_request, actor=request.user, reason=reason),
    )
