from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role
from audit.services import record_event
from privacy.classifications import Classification
from privacy.masking.levels import Level
from privacy.masking.models import MaskingRule, MaskingSettings, RevealGrant
from privacy.masking.policy import Policy, forget_cached_policy
from privacy.registry import classification_of

MAX_EXPLANATION = 500


def _forget_now_and_after_commit() -> None:
    """Drop the cached policy at once and again after commit, in case a request re-read the old one in between."""
    forget_cached_policy()
    transaction.on_commit(forget_cached_policy)


def _require_admin(actor) -> None:
    if getattr(actor, "role", None) != Role.ADMIN:
        raise PermissionDenied("Only admins change the masking policy.")


@transaction.atomic
def masking_rule_set(*, actor, classification: str, role: str, level: str, reveal_allowed: bool) -> MaskingRule:
    """Set one cell of the policy. It applies from the next request on."""
    _require_admin(actor)
    errors = {}
    if classification not in Classification.values:
        errors["classification"] = f"Unknown classification {classification!r}."
    if role not in Role.values:
        errors["role"] = f"Unknown role {role!r}."
    if level not in Level.values:
        errors["level"] = f"Level must be one of {', '.join(Level.values)}."
    if errors:
        raise ValidationError(errors)
    before = Policy.load().cell(classification, role)
    rule, _ = MaskingRule.objects.update_or_create(
        classification=classification,
        role=role,
        defaults={"level": level, "reveal_allowed": reveal_allowed, "updated_by": actor},
    )
    _forget_now_and_after_commit()
    if (before.level, before.reveal_allowed) != (level, reveal_allowed):
        record_event(
            action="masking.policy_change",
            actor=actor,
            target=rule,
            metadata={
                "classification": classification,
                "role": role,
                "from": [before.level, before.reveal_allowed],
                "to": [level, reveal_allowed],
            },
        )
    return rule


@transaction.atomic
def masking_settings_update(*, actor, reveal_minutes: int, tokens_may_reveal: bool) -> MaskingSettings:
    _require_admin(actor)
    if not 1 <= reveal_minutes <= 24 * 60:
        raise ValidationError({"reveal_minutes": "Between 1 minute and 24 hours."})
    settings, _ = MaskingSettings.objects.update_or_create(
        pk=1, defaults={"reveal_minutes": reveal_minutes, "tokens_may_reveal": tokens_may_reveal}
    )
    _forget_now_and_after_commit()
    record_event(
        action="masking.settings_change",
        actor=actor,
        target=settings,
        metadata={"reveal_minutes": reveal_minutes, "tokens_may_reveal": tokens_may_reveal},
    )
    return settings


def reveal_create(*, user, obj, field: str, reason: str, explanation: str = "", via_token: bool = False) -> RevealGrant:
    """Let `user` see one masked field of `obj` in full for a while. A refusal is recorded too."""
    classification = classification_of(type(obj), field)
    if classification is None:
        raise ValidationError({"field": f"{field!r} holds no personal data that could be revealed."})
    if reason not in RevealGrant.Reason.values:
        raise ValidationError({"reason": f"Reason must be one of {', '.join(RevealGrant.Reason.values)}."})
    explanation = (explanation or "").strip()
    if reason == RevealGrant.Reason.OTHER and not explanation:
        raise ValidationError({"explanation": "Explain why you need to see this value."})
    if len(explanation) > MAX_EXPLANATION:
        raise ValidationError({"explanation": f"At most {MAX_EXPLANATION} characters."})
    policy = Policy.load()
    allowed = policy.cell(classification, user.role).reveal_allowed
    if via_token and not policy.settings.tokens_may_reveal:
        allowed = False
    if not allowed:
        record_event(action="masking.reveal", actor=user, target=obj, fields_shown=[field], outcome="denied",
                     metadata={"reason": reason, "classification": classification})
        raise PermissionDenied("Your role may not reveal this value.")
    return _grant(user=user, obj=obj, field=field, classification=classification, reason=reason,
                  explanation=explanation, minutes=policy.settings.reveal_minutes)


@transaction.atomic
def _grant(*, user, obj, field, classification, reason, explanation, minutes) -> RevealGrant:
    target_type, target_id = RevealGrant.target_of(obj)
    grant = RevealGrant.objects.create(
        user=user,
        target_type=target_type,
        target_id=target_id,
        field=field,
        classification=classification,
        reason=reason,
        explanation=explanation,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    _extend_grants_until(user, grant.expires_at)
    record_event(action="masking.reveal", actor=user, target=obj, fields_shown=[field],
                 metadata={"reason": reason, "classification": classification, "minutes": minutes})
    return grant



def _extend_grants_until(user, until) -> None:
    """Tell the presenter, through the user row it loads anyway, that a grant runs until `until`."""
    later = Q(reveal_grants_until__isnull=True) | Q(reveal_grants_until__lt=until)
    get_user_model().objects.filter(later, pk=user.pk).update(reveal_grants_until=until)
    if user.reveal_grants_until is None or user.reveal_grants_until < until:
        user.reveal_grants_until = until
