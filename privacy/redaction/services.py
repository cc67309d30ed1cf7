"""Manual redaction: an agent names spans of a stored value, or a file, and the original is destroyed.

Every write happens in one transaction with its audit event, which names who, where (model label,
id, field) and the types and span count, never the text.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from audit.services import record_event
from privacy.detect import available_types, detect
from privacy.redaction.targets import Place, place_for, places
from privacy.redaction.text import MARK, OTHER, Cut, SpanError, apply_cuts, check_cuts, marker, scrub


def _require_role(actor) -> None:
    if not roles.may_redact(getattr(actor, "role", "")):
        raise PermissionDenied(_("Your role may not redact personal data."))


def _locked(obj):
    """The row again, locked, so two redactions of one value never both read the old text."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def redactable_types() -> list[str]:
    return [*available_types(), OTHER]


@transaction.atomic
def redaction_apply(*, actor, obj, field: str, spans: list[dict], key: str = ""):
    """Replace the spans (start/end in the stored value, type) by markers; returns the saved row."""
    _require_role(actor)
    obj = _locked(obj)
    place = place_for(obj, field, key)
    if place is None:
        raise ValidationError({"field": [_("This value cannot be redacted.")]})
    text = place.read()
    try:
        cuts = check_cuts(text, [_cut(span) for span in spans], allowed_types=set(redactable_types()))
    except SpanError as error:
        raise ValidationError({"spans": [str(error)]}) from None
    _rewrite(obj, place, cuts)
    obj.save()
    _record(actor, obj, field, key, Counter(cut.type for cut in cuts), action="redaction.apply")
    return obj


def _cut(span) -> Cut:
    try:
        return Cut(int(span["start"]), int(span["end"]), str(span.get("type") or OTHER))
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"spans": [_("Each span needs integer start and end.")]}) from None


def _rewrite(obj, place: Place, cuts: list[Cut]) -> None:
    """Mark the cuts, then remove the same values from every other redactable value of the row."""
    text, removed = apply_cuts(place.read(), cuts)
    place.write(text)
    for other in places(obj):
        if (other.field, other.key) != (place.field, place.key):
            value = other.read()
            if value is None:
                continue
            for cut, item in zip(cuts, removed, strict=True):
                value = scrub(value, [item], marker(cut.type))
            other.write(value)


@transaction.atomic
def redaction_apply_type(*, actor, obj, type_: str, action: str = "redaction.bulk") -> int:
    """Redact every detected span of one type in every redactable value of the row; returns the span count."""
    obj = _locked(obj)
    total = 0
    for place in places(obj):
        text = place.read()
        cuts = [Cut(s.start, s.end, s.type) for s in detect(text, types=[type_]) if MARK not in text[s.start : s.end]]
        if cuts:
            _rewrite(obj, place, cuts)
            total += len(cuts)
    if total:
        obj.save()
        _record(actor, obj, "", "", Counter({type_: total}), action=action)
    return total


@transaction.atomic
def redaction_file_delete(*, actor, obj) -> None:
    """Delete a stored file (an attachment or an inline image): its row now, its bytes after commit."""
    from privacy.retention.blobs import flush_after_commit, tombstones_add
    from privacy.retention.declarations import subject_data_for

    _require_role(actor)
    declaration = subject_data_for(type(obj))
    if declaration is None or declaration.blob_store is None:
        raise ValidationError(_("This object holds no file."))
    tombstones_add(store=declaration.blob_store.key, names=[getattr(obj, declaration.blob_field)])
    label, pk = obj._meta.label, str(obj.pk)
    obj.delete()
    flush_after_commit()
    record_event(action="redaction.file_delete", actor=actor, target_type=label, target_id=pk,
                 metadata={"spans": 1, "types": {"file": 1}})


def _record(actor, obj, field: str, key: str, types: Counter, *, action: str) -> None:
    record_event(
        action=action,
        actor=actor,
        target=obj,
        metadata={"field": field, "key": key, "types": dict(types), "spans": sum(types.values())},
    )
