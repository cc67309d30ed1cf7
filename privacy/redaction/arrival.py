"""Automatic redaction of data arriving by any channel, before its row is saved.

The helpdesk calls `redaction_on_arrival` once in each service that stores customer text
(comment_create, ticket_create, ticket_update); mail passes `redacted` earlier as well, so the
hints computed from a message never see what will not be stored.
"""

from collections import Counter

from audit.services import record_event
from privacy.detect import detect
from privacy.redaction import policy
from privacy.redaction.models import Action, RedactionFlag
from privacy.redaction.targets import places
from privacy.redaction.text import Cut, apply_cuts, scrub


def redacted(text: str) -> str:
    """The text with every type whose policy says "redact" replaced (cards keep 6 + 4 digits)."""
    if not text:
        return text
    redact = _types(Action.REDACT)
    cuts = [Cut(s.start, s.end, s.type) for s in detect(text) if s.type in redact]
    return apply_cuts(text, cuts, keep_card_digits=True)[0] if cuts else text


def redaction_on_arrival(*, obj, fields: list[str], scope_id) -> None:
    """Apply the policy to `obj.<field>` in place (the row is saved by the caller) and flag what needs review."""
    actions = policy.actions()
    removed: list[str] = []
    redacted_counts, flagged = Counter(), Counter()
    for place in [p for p in places(obj) if p.field in fields]:
        text = place.read()
        if not text:
            continue
        spans = detect(text)
        cuts = [Cut(s.start, s.end, s.type) for s in spans if actions.get(s.type) == Action.REDACT]
        if cuts:
            text, values = apply_cuts(text, cuts, keep_card_digits=True)
            removed += values
            redacted_counts.update(cut.type for cut in cuts)
        place.write(scrub(text, removed) if removed else text)
        flagged.update((place.field, place.key, s.type) for s in spans if actions.get(s.type) == Action.FLAG)
    if flagged:
        _flag(obj, flagged, scope_id)
    if redacted_counts or flagged:
        record_event(
            action="redaction.auto",
            target_type=obj._meta.label,
            target_id=str(obj.pk),
            metadata={"redacted": dict(redacted_counts), "flagged": dict(Counter(t for _, _, t in flagged.elements()))},
        )


def _flag(obj, flagged: Counter, scope_id) -> None:
    label, pk = obj._meta.label, str(obj.pk)
    existing = set()
    if not obj._state.adding:
        existing = set(
            RedactionFlag.objects.filter(target_type=label, target_id=pk, resolution="").values_list(
                "field", "key", "type"
            )
        )
    RedactionFlag.objects.bulk_create(
        RedactionFlag(scope_id=scope_id, target_type=label, target_id=pk, field=field, key=key, type=type_,
                      span_count=count)
        for (field, key, type_), count in flagged.items()
        if (field, key, type_) not in existing
    )


def _types(action: str) -> set[str]:
    return {type_ for type_, chosen in policy.actions().items() if chosen == action}

