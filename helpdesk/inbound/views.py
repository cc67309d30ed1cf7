"""The four-eyes flow for change requests: one POST URL per decision, then back to the ticket."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from helpdesk.inbound import approvals
from helpdesk.views.common import ticket_role_required

DECISIONS = {
    "confirm": (approvals.change_approval_confirm, _("You confirmed the request; a second agent must approve it.")),
    "approve": (approvals.change_approval_approve, _("The change request is approved.")),
    "reject": (approvals.change_approval_reject, _("The change request is rejected.")),
}


@require_POST
@ticket_role_required
def decide(request, code, approval_id, decision):
    if decision not in DECISIONS:
        raise Http404("No such decision")
    approval = approvals.change_approval_get_for_agent(user=request.user, code=code, approval_id=approval_id)
    service, done = DECISIONS[decision]
    try:
        service(approval=approval, actor=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, str(done))
    return redirect(approval.ticket.get_absolute_url())
