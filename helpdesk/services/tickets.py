from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Team, User
from audit.services import record_event
from helpdesk import notifications
from helpdesk.custom_fields import clean_custom_fields
from helpdesk.models import Customer, Tag, Ticket
from helpdesk.services.comments import comment_create
from helpdesk.services.numbers import next_numbers
from privacy.redaction.arrival import redaction_on_arrival

UPDATABLE_FIELDS = {"subject", "status", "priority", "assignee", "team", "tags", "custom_fields"}


@transaction.atomic
def ticket_create(
    *,
    requester: Customer,
    subject: str,
    body: str,
    channel: str,
    body_html: str = "",
    actor: User | None = None,
    team: Team | None = None,
    priority: str = Ticket.Priority.NORMAL,
    tags: list[str] = (),
    custom_fields: dict | None = None,
) -> Ticket:
    """Open a ticket with its first message, written by the customer unless an agent acts."""
    subject = subject.strip()
    if not body.strip():
        raise ValidationError({"body": "The message cannot be empty."})
    ticket = Ticket(
        number=next_numbers("ticket")[0],
        subject=subject,
        channel=channel,
        priority=priority,
        team=team,
        requester=requester,
        custom_fields=clean_custom_fields(custom_fields or {}),
    )
    redaction_on_arrival(obj=ticket, fields=["subject", "custom_fields"], scope_id=ticket.pk)
    ticket.full_clean(exclude=["number", "requester", "team", "assignee"])
    ticket.save()
    _set_tags(ticket, tags)
    record_event(action="ticket.create", actor=actor, target=ticket)
    notifications.after_new_ticket(ticket=ticket)
    author = {"author_agent": actor} if actor is not None else {"author_customer": requester}
    comment_create(ticket=ticket, body=body, body_html=body_html, is_public=True, notify=False, **author)
    Customer.objects.filter(pk=requester.pk).update(last_activity_at=timezone.now())
    return ticket


@transaction.atomic
def ticket_update(*, ticket: Ticket, actor: User, **changes) -> Ticket:
    if not roles.may_edit_tickets(actor.role):
        raise PermissionDenied("Your role may not change tickets.")
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown ticket fields: {', '.join(sorted(unknown))}")
    newly_assigned = changes.get("assignee") if "assignee" in changes else None
    if newly_assigned is not None and newly_assigned.pk == ticket.assignee_id:
        newly_assigned = None
    if "assignee" in changes:
        _check_assignee(changes["assignee"])
    if "custom_fields" in changes:
        changes["custom_fields"] = clean_custom_fields({**ticket.custom_fields, **(changes["custom_fields"] or {})})
    if "status" in changes:
        _stamp_status(ticket, changes["status"])
    tags = changes.pop("tags", None)
    for field, value in changes.items():
        setattr(ticket, field, value.strip() if field == "subject" else value)
    arriving = [field for field in ("subject", "custom_fields") if field in changes]
    redaction_on_arrival(obj=ticket, fields=arriving, scope_id=ticket.pk)
    ticket.full_clean(exclude=["number", "requester", "team", "assignee"])
    ticket.save()
    if tags is not None:
        _set_tags(ticket, tags)
    changed = sorted([*changes, *(["tags"] if tags is not None else [])])
    record_event(action="ticket.update", actor=actor, target=ticket, fields_shown=changed)
    if newly_assigned is not None and newly_assigned.pk != actor.pk:
        notifications.after_assignment(ticket=ticket, agent=newly_assigned)
    return ticket


def _check_assignee(assignee: User | None) -> None:
    if assignee is None:
        return
    if not assignee.is_active or assignee.is_service or not roles.works_tickets(assignee.role):
        raise ValidationError({"assignee": "Tickets can only be assigned to active agents."})


def _stamp_status(ticket: Ticket, status: str) -> None:
    now = timezone.now()
    if status == Ticket.Status.SOLVED and ticket.solved_at is None:
        ticket.solved_at = now
    if status == Ticket.Status.CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    if status in Ticket.OPEN_STATUSES:
        ticket.solved_at = ticket.closed_at = None


def _set_tags(ticket: Ticket, names) -> None:
    cleaned = sorted({name.strip().lower() for name in names if name and name.strip()})
    for name in cleaned:
        if len(name) > 50 or not all(ch.isalnum() or ch in "-_" for ch in name):
            raise ValidationError({"tags": f"Invalid tag {name!r}: use letters, digits, '-' or '_'."})
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=cleaned)}
    missing = [Tag(name=name) for name in cleaned if name not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    ticket.tags.set(Tag.objects.filter(name__in=cleaned))
