"""Which records a policy acts on: its conditions, past its keep period, not held, and not kept
longer by another matching policy of the same data type ("longest keep wins")."""

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from privacy.models import LegalHold, RetentionPolicy
from privacy.retention.declarations import DataType, data_type_get, subject_data_for


def data_type_of(policy: RetentionPolicy) -> DataType:
    data_type = data_type_get(policy.data_type)
    if data_type is None:
        raise ValidationError(_("Unknown data type: %(key)s") % {"key": policy.data_type})
    return data_type


def conditions_validate(data_type: DataType, conditions: dict) -> None:
    unknown = set(conditions) - set(data_type.conditions)
    if unknown:
        raise ValidationError(
            {"conditions": _("Unknown conditions: %(names)s") % {"names": ", ".join(sorted(unknown))}}
        )


def held_q(model) -> Q | None:
    """Rows of `model` under an active legal hold, through the paths its app declared."""
    paths = subject_data_for(model).hold_paths
    ids = defaultdict(list)
    for kind, target_id in LegalHold.objects.filter(released_at=None).values_list("target_kind", "target_id"):
        if kind in paths:
            ids[kind].append(target_id)
    parts = [Q(**{f"{paths[kind]}__in": values}) for kind, values in ids.items()]
    return reduce(or_, parts) if parts else None


@dataclass(frozen=True)
class Matcher:
    """A policy's conditions split into what the database answers and what Python must check."""

    policy: RetentionPolicy
    data_type: DataType

    @classmethod
    def of(cls, policy: RetentionPolicy) -> "Matcher":
        return cls(policy=policy, data_type=data_type_of(policy))

    def db_q(self) -> Q:
        q = self.data_type.base
        for name, value in self.policy.conditions.items():
            condition = self.data_type.conditions.get(name)
            if condition is not None and condition.query is not None:
                q &= condition.query(value)
        return q

    def checks(self) -> list:
        return [
            (self.data_type.conditions[name].check, value)
            for name, value in self.policy.conditions.items()
            if name in self.data_type.conditions and self.data_type.conditions[name].check is not None
        ]

    def row_matches(self, row) -> bool:
        return all(check(row, value) for check, value in self.checks())


def longer_keepers(policy: RetentionPolicy) -> list[Matcher]:
    """Other enabled policies of the type that win over this one where both match a record."""
    others = RetentionPolicy.objects.filter(enabled=True, data_type=policy.data_type).exclude(pk=policy.pk)
    winners = others.filter(Q(keep_for__gt=policy.keep_for) | Q(keep_for=policy.keep_for, name__lt=policy.name))
    return [Matcher.of(other) for other in winners]


@dataclass(frozen=True)
class Selection:
    """Everything one run needs to pick its records, computed once per batch."""

    matcher: Matcher
    expired: QuerySet
    """Matching and past the keep period, holds and other policies not yet applied."""
    held: Q | None
    keepers: list[Matcher]

    def candidates(self) -> QuerySet:
        queryset = self.expired
        if self.held is not None:
            queryset = queryset.exclude(self.held)
        for keeper in self.keepers:
            if not keeper.checks():
                queryset = queryset.exclude(keeper.db_q())
        return queryset

    def needs_rows(self) -> bool:
        return bool(self.matcher.checks()) or any(keeper.checks() for keeper in self.keepers)

    def row_goes(self, row) -> bool:
        if not self.matcher.row_matches(row):
            return False
        return not any(keeper.checks() and keeper.row_matches(row) for keeper in self.keepers)

    def rows_kept_by_checked_keepers(self, pks: list) -> set:
        """Rows in `pks` a keeper with Python checks matches in the database part of its test."""
        model = self.matcher.data_type.model
        found = set()
        for keeper in self.keepers:
            if keeper.checks():
                found |= set(model._default_manager.filter(keeper.db_q(), pk__in=pks).values_list("pk", flat=True))
        return found


def selection(policy: RetentionPolicy, *, cutoff) -> Selection:
    matcher = Matcher.of(policy)
    data_type = matcher.data_type
    age = data_type.age_fields[policy.age_basis]
    expired = data_type.model._default_manager.alias(retention_age=F(age) if isinstance(age, str) else age)
    expired = expired.filter(matcher.db_q(), retention_age__lt=cutoff)
    return Selection(matcher=matcher, expired=expired, held=held_q(data_type.model), keepers=longer_keepers(policy))
