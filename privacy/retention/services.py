"""Retention writes: policies, legal holds, the schedule, starting runs. Each records its audit event."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from privacy.models import HoldTarget, LegalHold, RetentionPolicy, RetentionRun, RetentionSchedule
from privacy.retention import jobs
from privacy.retention.matching import conditions_validate, data_type_of, selection

POLICY_FIELDS = ("name", "data_type", "conditions", "age_basis", "keep_for", "action", "enabled")


def _validate(policy: RetentionPolicy) -> None:
    data_type = data_type_of(policy)
    conditions_validate(data_type, policy.conditions or {})
    if policy.age_basis not in data_type.age_fields and data_type.purge is None:
        raise ValidationError({"age_basis": _("This data type has no such age basis.")})
    if policy.action not in data_type.actions:
        raise ValidationError({"action": _("This data type does not offer that action.")})
    if policy.keep_for is None or policy.keep_for <= timedelta(0):
        raise ValidationError({"keep_for": _("The keep period must be positive.")})
    policy.full_clean()


@transaction.atomic
def policy_create(
    *,
    actor,
    name: str,
    data_type: str,
    keep_for: timedelta,
    action: str = "delete",
    age_basis: str = "created",
    conditions: dict | None = None,
    enabled: bool = True,
) -> RetentionPolicy:
    policy = RetentionPolicy(
        name=name.strip(),
        data_type=data_type,
        keep_for=keep_for,
        action=action,
        age_basis=age_basis,
        conditions=conditions or {},
        enabled=enabled,
    )
    _validate(policy)
    policy.save()
    record_event(action="retention_policy.create", actor=actor, target=policy, metadata=_summary(policy))
    return policy


@transaction.atomic
def policy_update(*, policy: RetentionPolicy, actor, **changes) -> RetentionPolicy:
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown policy fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in changes.items():
        setattr(policy, name, value)
    _validate(policy)
    policy.save()
    record_event(action="retention_policy.update", actor=actor, target=policy, fields_shown=sorted(changes))
    return policy


@transaction.atomic
def policy_delete(*, policy: RetentionPolicy, actor) -> None:
    record_event(action="retention_policy.delete", actor=actor, target=policy, metadata=_summary(policy))
    policy.delete()


def _summary(policy: RetentionPolicy) -> dict:
    return {
        "data_type": policy.data_type,
        "action": policy.action,
        "age_basis": policy.age_basis,
        "keep_seconds": int(policy.keep_for.total_seconds()),
        "conditions": sorted(policy.conditions),
    }


@transaction.atomic
def legal_hold_place(*, actor, target_kind: str, target_id, reason: str) -> LegalHold:
    if target_kind not in HoldTarget.values:
        raise ValidationError({"target_kind": _("Holds apply to tickets, customers or organizations.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the data must be kept.")})
    hold = LegalHold.objects.create(
        target_kind=target_kind, target_id=str(target_id), reason=reason.strip()[:300], placed_by=actor
    )
    record_event(
        action="legal_hold.place", actor=actor, target=hold, metadata={"held": target_kind, "id": str(target_id)}
    )
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor) -> LegalHold:
    if hold.released_at is not None:
        raise ValidationError(_("This hold is already released."))
    hold.released_at, hold.released_by = timezone.now(), actor
    hold.save(update_fields=["released_at", "released_by"])
    record_event(action="legal_hold.release", actor=actor, target=hold, metadata={"held": hold.target_kind})
    return hold


def schedule_get() -> RetentionSchedule:
    return RetentionSchedule.objects.get_or_create(pk=1)[0]


@transaction.atomic
def schedule_update(*, actor, enabled: bool, run_at) -> RetentionSchedule:
    schedule = schedule_get()
    schedule.enabled, schedule.run_at = enabled, run_at
    schedule.save(update_fields=["enabled", "run_at"])
    record_event(
        action="retention_schedule.update",
        actor=actor,
        target=schedule,
        metadata={"enabled": enabled, "run_at": str(run_at)},
    )
    return schedule


def runs_start(
    *, actor=None, policy_name: str | None = None, dry_run: bool = False, trigger: str = "command"
) -> list[RetentionRun]:
    """Create (or find) a run per enabled policy, or for the named one; advance them after commit."""
    policies = RetentionPolicy.objects.filter(enabled=True)
    if policy_name is not None:
        policies = RetentionPolicy.objects.filter(name=policy_name)
        if not policies.exists():
            raise ValidationError(_("No retention policy is named %(name)s.") % {"name": policy_name})
    with transaction.atomic():
        runs = [jobs.run_create(policy=p, dry_run=dry_run, trigger=trigger, actor=actor) for p in policies]
    return runs


def runs_enqueue(runs: list[RetentionRun]) -> None:
    from privacy.retention.tasks import retention_run_advance

    for run in runs:
        # robust: a broker outage leaves the run to the reconciler instead of failing the request.
        transaction.on_commit(lambda run_id=str(run.pk): retention_run_advance.delay(run_id), robust=True)


def schedule_tick(*, now: datetime | None = None) -> list[RetentionRun]:
    """Start today's runs once the scheduled time has passed; later ticks of the day do nothing.

    A tick missed while the scheduler was down is simply the next one, and cutoffs come from
    the policies, not from the last run, so nothing is skipped."""
    now = now or timezone.now()
    with transaction.atomic():
        schedule_get()
        schedule = RetentionSchedule.objects.select_for_update().get(pk=1)
        today = now.date()
        due = schedule.enabled and schedule.last_started_on != today and now.time() >= schedule.run_at
        if not due:
            return []
        schedule.last_started_on = today
        schedule.save(update_fields=["last_started_on"])
        runs = runs_start(trigger="schedule")
        runs_enqueue(runs)
    return runs


@dataclass(frozen=True)
class PolicyPreview:
    policy: RetentionPolicy
    count: int
    sample: list[str]
    unavailable: str = ""


def preview(*, sample_size: int = 5) -> list[PolicyPreview]:
    """Per enabled policy: how many records would go today, and a masked sample of them."""
    return [policy_preview(policy=p, sample_size=sample_size) for p in RetentionPolicy.objects.filter(enabled=True)]


def policy_preview(*, policy: RetentionPolicy, sample_size: int = 5) -> PolicyPreview:
    data_type = data_type_of(policy)
    cutoff = timezone.now() - policy.keep_for
    if data_type.unavailable:
        return PolicyPreview(policy=policy, count=0, sample=[], unavailable=data_type.unavailable)
    if data_type.purge is not None:
        return PolicyPreview(policy=policy, count=data_type.count(cutoff=cutoff), sample=[])
    chosen = selection(policy, cutoff=cutoff)
    candidates = chosen.candidates()
    if chosen.needs_rows():
        rows = [row for row in candidates.select_related().iterator(chunk_size=500) if chosen.row_goes(row)]
        return PolicyPreview(policy=policy, count=len(rows), sample=[masked(r) for r in rows[:sample_size]])
    sample = list(candidates.order_by("pk")[:sample_size])
    return PolicyPreview(policy=policy, count=candidates.count(), sample=[masked(r) for r in sample])


def masked(row) -> str:
    """A record named without its content: kind, the start of its id, and when it was made."""
    created = getattr(row, "created_at", None)
    when = f" · {created:%Y-%m-%d}" if created else ""
    return f"{row._meta.verbose_name} {str(row.pk)[:8]}…{when}"
