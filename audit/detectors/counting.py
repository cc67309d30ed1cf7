"""Rules that count an actor's matching events in a fixed window against a threshold."""

from django.db.models import Count, Q, Sum

from audit.detectors.base import MAX_EVIDENCE, Finding, RuleSettings, by_actor, events_in, window


class CountRule:
    """`count` or more matching events by one actor within `minutes` (plus optional row totals)."""

    key = ""
    condition = Q()

    def matches(self, event: dict, settings: RuleSettings) -> bool:
        raise NotImplementedError

    def query(self, settings: RuleSettings) -> Q:
        return self.condition

    def evaluate(self, events: list[dict], settings: RuleSettings) -> list[Finding]:
        minutes = settings.number("minutes")
        touched = {
            (actor, window(e["occurred_at"], minutes))
            for actor, group in by_actor(events, lambda e: self.matches(e, settings)).items()
            for e in group
        }
        findings = []
        for actor, (number, start, end) in sorted(touched, key=lambda t: (t[0], t[1][0])):
            matching = events_in(actor, start, end, self.query(settings))
            totals = matching.aggregate(n=Count("id"), rows=Sum("result_count"))
            if self.exceeded(totals, settings):
                evidence = list(matching.order_by("id").values_list("id", flat=True)[:MAX_EVIDENCE])
                details = {"count": totals["n"], "rows": totals["rows"] or 0, "minutes": minutes}
                findings.append(Finding(self.key, actor, f"{self.key}:{actor}:{number}", evidence, details))
        return findings

    def exceeded(self, totals: dict, settings: RuleSettings) -> bool:
        return totals["n"] >= settings.number("count")


class SensitiveSearches(CountRule):
    """Repeated searches for card numbers, IBANs or other sensitive-looking data."""

    key = "sensitive_searches"

    def _classes(self, settings: RuleSettings) -> set[str]:
        return set(settings.thresholds.get("classes", []))

    def matches(self, event: dict, settings: RuleSettings) -> bool:
        found = set(filter(None, event["query_classes"].split(",")))
        return event["action"].endswith("search") and bool(found & self._classes(settings))

    def query(self, settings: RuleSettings) -> Q:
        classes = Q()
        for name in self._classes(settings):
            classes |= Q(query_classes__contains=name)
        return Q(action__endswith="search") & (classes or Q(pk__in=[]))


class ManyReveals(CountRule):
    key = "many_reveals"
    condition = Q(action__endswith=".reveal")

    def matches(self, event: dict, settings: RuleSettings) -> bool:
        return event["action"].endswith(".reveal")


class ManyDenied(CountRule):
    key = "many_denied"
    condition = Q(outcome="denied")

    def matches(self, event: dict, settings: RuleSettings) -> bool:
        return event["outcome"] == "denied"


class MassExport(CountRule):
    """Many exports, or exports carrying many rows, within the window."""

    key = "mass_export"
    condition = Q(action__endswith="export")

    def matches(self, event: dict, settings: RuleSettings) -> bool:
        return event["action"].endswith("export")

    def exceeded(self, totals: dict, settings: RuleSettings) -> bool:
        return totals["n"] >= settings.number("count") or (totals["rows"] or 0) >= settings.number("rows")
