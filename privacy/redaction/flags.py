"""Review flags and the arrival policy: the writes an agent or an admin makes around automatic redaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from audit.services import record_event
from privacy.detect import available_types
from privacy.redaction import policy
from privacy.redaction.models import Action, RedactionFlag, RedactionPolicy
from privacy.redaction.services import redaction_apply_type
from privacy.redaction.targets import load


@transaction.atomic
def redaction_flag_resolve(*, actor, flag: RedactionFlag, redact: bool) -> RedactionFlag:
    """Close a flag: redact that type in the flagged row now, or keep the data as it is."""
    if not roles.may_redact(getattr(actor, "role", "")):
        raise PermissionDenied(_("Your role may not redact personal data."))
    flag = RedactionFlag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise ValidationError(_("This flag is already resolved."))
    obj = load(flag.target_type, flag.target_id)
    if redact and obj is not None:
        redaction_apply_type(actor=actor, obj=obj, type_=flag.type, action="redaction.flag_redact")
    flag.resolution = RedactionFlag.Resolution.REDACTED if redact else RedactionFlag.Resolution.KEPT
    flag.resolved_by, flag.resolved_at = actor, timezone.now()
    flag.save()
    record_event(action="redaction.flag_resolve", actor=actor, target=flag,
                 metadata={"type": flag.type, "resolution": flag.resolution})
    return flag


@transaction.atomic
def redaction_policy_set(*, actor, type_: str, action: str) -> RedactionPolicy:
    """An admin chooses what happens to one type on arrival; recorded, and the cached policy dropped."""
    if not roles.may_manage_accounts(getattr(actor, "role", "")):
        raise PermissionDenied(_("Only admins may change the redaction policy."))
    if type_ not in available_types():
        raise ValidationError({"type": [_("Unknown type.")]})
    if action not in Action.values:
        raise ValidationError({"action": [_("Unknown action.")]})
    row, _created = RedactionPolicy.objects.update_or_create(
        type=type_, defaults={"action": action, "updated_by": actor}
    )
    record_event(action="redaction.policy_change", actor=actor, target=row, metadata={"type": type_, "action": action})
    transaction.on_commit(policy.forget)
    policy.forget()
    return row
