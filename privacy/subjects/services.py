"""Subject-request writes: open, export, erase, reject. Each step is logged on the request and
in the access log, by ids and counts only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import CUSTOMER_KEY, record_event
from privacy.models import RequestKind, RequestState, SubjectRequest, SubjectRequestEntry
from privacy.subjects import erase as erasure
from privacy.subjects.export import export_write
from privacy.subjects.records import subject_find


def _log(request: SubjectRequest, *, actor, action: str, detail: dict | None = None) -> None:
    SubjectRequestEntry.objects.create(request=request, actor=actor, action=action, detail=detail or {})
    record_event(
        action=f"subject_request.{action}",
        actor=actor,
        target=request,
        metadata={CUSTOMER_KEY: request.subject_id, "kind": request.kind, **(detail or {})},
    )


@transaction.atomic
def subject_request_open(
    *,
    actor,
    kind: str,
    email: str = "",
    phone: str = "",
    subject_id: str = "",
    keep_structure: bool | None = None,
    due_at=None,
) -> SubjectRequest:
    if kind not in RequestKind.values:
        raise ValidationError({"kind": _("A request is an export or an erasure.")})
    subject = subject_find(email=email, phone=phone, subject_id=subject_id)
    default_keep = getattr(settings, "SEALDESK_ERASURE_KEEPS_ORGANIZATION_TICKETS", False)
    request = SubjectRequest(
        kind=kind,
        subject_id=str(subject.pk),
        opened_by=actor,
        keep_structure=default_keep if keep_structure is None else keep_structure,
    )
    if due_at is not None:
        request.due_at = due_at
    request.save()
    _log(request, actor=actor, action="open", detail={"keep_structure": request.keep_structure})
    return request


def _open_only(request: SubjectRequest, kind: str) -> None:
    if request.kind != kind:
        raise ValidationError(_("This request is not of that kind."))
    if request.state != RequestState.OPEN:
        raise ValidationError(_("This request is closed."))


def _subject(request: SubjectRequest):
    return subject_find(subject_id=request.subject_id)


@transaction.atomic
def subject_request_export(*, request: SubjectRequest, actor, target) -> SubjectRequest:
    """Write the person's export ZIP into `target` and close the request."""
    _open_only(request, RequestKind.EXPORT)
    counts = export_write(subject=_subject(request), target=target)
    _close(request, state=RequestState.DONE, outcome={"exported": dict(counts)})
    _log(request, actor=actor, action="export", detail={"rows": sum(counts.values())})
    return request


@transaction.atomic
def subject_request_erase(*, request: SubjectRequest, actor) -> SubjectRequest:
    _open_only(request, RequestKind.ERASURE)
    outcome = erasure.erase(subject=_subject(request), keep_structure=request.keep_structure, actor=actor)
    state = RequestState.PARTIAL if any(k["reason"] == erasure.HOLD for k in outcome.kept) else RequestState.DONE
    _close(request, state=state, outcome=outcome.as_dict())
    _log(request, actor=actor, action="erase", detail={"state": state, "kept": len(outcome.kept)})
    return request


@transaction.atomic
def subject_request_reject(*, request: SubjectRequest, actor, reason: str) -> SubjectRequest:
    if request.state != RequestState.OPEN:
        raise ValidationError(_("This request is closed."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    _close(request, state=RequestState.REJECTED, outcome={"reason": reason.strip()[:500]})
    _log(request, actor=actor, action="reject")
    return request


def _close(request: SubjectRequest, *, state: str, outcome: dict) -> None:
    request.state, request.outcome, request.closed_at = state, outcome, timezone.now()
    request.save(update_fields=["state", "outcome", "closed_at"])
