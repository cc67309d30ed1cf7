"""Erasure: every registered row of the person goes (or is anonymized), then their data key.

Rows under legal hold stay and are reported; while anything of the person is held, the key
stays too, since destroying it would make the held data unreadable.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction

from privacy.retention import blobs, rows
from privacy.retention.declarations import subject_data_for
from privacy.retention.matching import held_q
from privacy.subjects.records import children_first

HOLD = "legal hold"
REFERENCED = "still referenced by kept records"
STRUCTURE = "organization ticket kept for its structure"


@dataclass
class ErasureOutcome:
    deleted: dict = field(default_factory=dict)
    anonymized: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)
    key_destroyed: bool = False

    def as_dict(self) -> dict:
        return {
            "deleted": self.deleted,
            "anonymized": self.anonymized,
            "kept": self.kept,
            "key_destroyed": self.key_destroyed,
        }

    def keep(self, label: str, count: int, reason: str) -> None:
        if count:
            self.kept.append({"type": label, "count": count, "reason": reason})


def erase(*, subject, keep_structure: bool, actor=None) -> ErasureOutcome:
    outcome = ErasureOutcome()
    with transaction.atomic():
        for declaration in children_first():
            _erase_model(declaration, subject.pk, keep_structure, outcome)
        if not any(item["reason"] == HOLD for item in outcome.kept):
            outcome.key_destroyed = subject_keys_destroy(subject=str(subject.pk), actor=actor)
        blobs.flush_after_commit()
    return outcome


def _erase_model(declaration, subject_pk, keep_structure: bool, outcome: ErasureOutcome) -> None:
    model, label = declaration.model, declaration.label
    mine = declaration.rows_of_subject(subject_pk)
    held = held_q(model)
    if held is not None:
        outcome.keep(label, mine.filter(held).count(), HOLD)
        mine = mine.exclude(held)
    pks = list(mine.values_list("pk", flat=True).distinct())
    structure = subject_data_for(model).keep_structure
    kept_for_structure = set()
    if keep_structure and structure is not None:
        kept_for_structure = set(model._default_manager.filter(structure, pk__in=pks).values_list("pk", flat=True))
    referenced = rows.protected_pks(model, pks) - kept_for_structure
    to_delete = [pk for pk in pks if pk not in kept_for_structure | referenced]
    outcome.deleted[label] = rows.rows_delete(model, to_delete)
    outcome.anonymized[label] = rows.rows_anonymize(model, [pk for pk in pks if pk in kept_for_structure | referenced])
    outcome.keep(label, len(kept_for_structure), STRUCTURE)
    outcome.keep(label, len(referenced), REFERENCED)


def subject_keys_destroy(*, subject: str, actor=None) -> bool:
    """Crypto-shred the person's data keys so copies in backups stay unreadable.

    Built on the key services' revoke (with no waiting period) and destroy-due; a dedicated
    `privacy.keys.subject_key_destroy` would destroy only these keys."""
    from privacy.crypto.models import READABLE_STATES, DataKey
    from privacy.keys import key_revoke, keys_destroy_due

    keys = list(DataKey.objects.filter(subject=subject, state__in=READABLE_STATES).values_list("pk", flat=True))
    for key_id in keys:
        key_revoke(actor=actor, key_id=str(key_id), destroy_after=timedelta(microseconds=1))
    if keys:
        keys_destroy_due(actor=actor)
    return bool(keys)
