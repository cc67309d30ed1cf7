"""Four-eyes approval of requests to change a customer's email, phone or payout details.

A message that asks for such a change opens a pending approval. One agent confirms they checked
the request; a different agent approves (or either rejects). Until approved, the ticket page says so.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.services import record_event
from helpdesk.models import ChangeApproval, Comment
from helpdesk.selectors.tickets import ticket_get_for_agent

Status = ChangeApproval.Status


def change_approval_open(*, comment: Comment, kinds: list[str]) -> ChangeApproval:
    approval, _created = ChangeApproval.objects.get_or_create(
        comment=comment, defaults={"ticket": comment.ticket, "kinds": sorted(kinds)}
    )
    return approval


def _check(approval: ChangeApproval, actor, allowed: tuple[str, ...]) -> None:
    if not roles.may_edit_customers(actor.role):
        raise PermissionDenied(_("Your role may not decide on change requests."))
    if approval.status not in allowed:
        raise ValidationError(_("This change request was already decided."))


@transaction.atomic
def change_approval_confirm(*, approval: ChangeApproval, actor) -> ChangeApproval:
    """The first agent vouches that the request was verified through a known channel."""
    approval = ChangeApproval.objects.select_for_update().get(pk=approval.pk)
    _check(approval, actor, (Status.PENDING,))
    approval.status, approval.confirmed_by = Status.CONFIRMED, actor
    approval.save(update_fields=["status", "confirmed_by"])
    record_event(action="change_approval.confirm", actor=actor, target=approval,
                 metadata={"ticket": str(approval.ticket_id)})
    return approval


@transaction.atomic
def change_approval_approve(*, approval: ChangeApproval, actor) -> ChangeApproval:
    """The second agent approves; the one who confirmed cannot also approve."""
    approval = ChangeApproval.objects.select_for_update().get(pk=approval.pk)
    _check(approval, actor, (Status.CONFIRMED,))
    if approval.confirmed_by_id == actor.pk:
        raise PermissionDenied(_("A second agent must approve this change."))
    return _decide(approval, actor, Status.APPROVED)


@transaction.atomic
def change_approval_reject(*, approval: ChangeApproval, actor) -> ChangeApproval:
    approval = ChangeApproval.objects.select_for_update().get(pk=approval.pk)
    _check(approval, actor, (Status.PENDING, Status.CONFIRMED))
    return _decide(approval, actor, Status.REJECTED)


def _decide(approval: ChangeApproval, actor, status: str) -> ChangeApproval:
    approval.status, approval.decided_by, approval.decided_at = status, actor, timezone.now()
    approval.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(action=f"change_approval.{status}", actor=actor, target=approval,
                 metadata={"ticket": str(approval.ticket_id)})
    return approval


def change_approval_get_for_agent(*, user, code, approval_id) -> ChangeApproval:
    """An approval on a ticket the user may see; 404 for everyone else."""
    ticket = ticket_get_for_agent(user=user, code=code)
    approval = ChangeApproval.objects.filter(pk=approval_id, ticket=ticket).select_related("ticket").first()
    if approval is None:
        raise Http404("No such change request")
    return approval


def change_pending_for_customer(customer) -> bool:
    """True while any change request on the customer's tickets waits for approval."""
    return ChangeApproval.objects.filter(
        ticket__requester=customer, status__in=(Status.PENDING, Status.CONFIRMED)
    ).exists()
