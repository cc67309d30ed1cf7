"""Canned replies: every ticket role reads them; senior agents and admins write them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from helpdesk.forms import CannedReplyForm
from helpdesk.selectors.canned_replies import canned_replies_for, canned_reply_get_for_agent
from helpdesk.services import canned_reply_create, canned_reply_delete
from helpdesk.views.common import add_service_errors, ticket_role_required


def _list(request, form=None, status: int = 200):
    may_manage = roles.may_manage_canned_replies(request.user.role)
    context = {
        "replies": canned_replies_for(user=request.user),
        "may_manage": may_manage,
        "form": form or (CannedReplyForm(user=request.user) if may_manage else None),
    }
    return render(request, "helpdesk/canned_replies.html", context, status=status)


def _require_manager(user) -> None:
    if not roles.may_manage_canned_replies(user.role):
        raise PermissionDenied(_("Your role may not manage canned replies."))


@require_GET
@ticket_role_required
def canned_reply_list(request):
    return _list(request)


@require_POST
@ticket_role_required
def create(request):
    _require_manager(request.user)
    form = CannedReplyForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            canned_reply_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Canned reply saved."))
            return redirect("helpdesk:canned_replies")
    return _list(request, form=form, status=400)


@require_POST
@ticket_role_required
def delete(request, reply_id):
    reply = canned_reply_get_for_agent(user=request.user, reply_id=reply_id)
    _require_manager(request.user)
    canned_reply_delete(reply=reply, actor=request.user)
    messages.success(request, _("Canned reply deleted."))
    return redirect("helpdesk:canned_replies")
