"""Rules that compare an actor's activity with their own (and their team's) history."""

import ipaddress
import statistics
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, TruncDate, TruncHour

from audit.detectors.base import MAX_EVIDENCE, Finding, RuleSettings, by_actor, day_start, events_in, window
from audit.models import AccessEvent
from audit.services import TARGET_TEAM_KEY


def _merge(findings: dict[str, Finding], rule: str, actor: str, key: str, event: dict, **details) -> None:
    finding = findings.setdefault(key, Finding(rule, actor, key, [], details))
    if len(finding.evidence) < MAX_EVIDENCE:
        finding.evidence.append(event["id"])


class OutsideTeams:
    """Looking at tickets of a team the agent is not on (admins and compliance exempt)."""

    key = "outside_teams"

    def evaluate(self, events: list[dict], settings: RuleSettings) -> list[Finding]:
        exempt = set(settings.thresholds.get("exempt_roles", []))
        findings: dict[str, Finding] = {}
        for event in events:
            team = (event["metadata"] or {}).get(TARGET_TEAM_KEY)
            if not event["actor_id"] or not team or event["actor_role"] in exempt:
                continue
            if str(team) not in {str(t) for t in event["actor_teams"] or []}:
                actor = str(event["actor_id"])
                day = event["occurred_at"].date().isoformat()
                _merge(findings, self.key, actor, f"{self.key}:{actor}:{day}", event, day=day)
        return list(findings.values())


class OutsideHours:
    """Activity in an hour of day (UTC) the agent was never active in on `min_days` days lately."""

    key = "outside_hours"

    def evaluate(self, events: list[dict], settings: RuleSettings) -> list[Finding]:
        findings: dict[str, Finding] = {}
        usual_cache: dict[tuple, set[int] | None] = {}
        for actor, group in by_actor(events, lambda e: True).items():
            for event in group:
                day = day_start(event["occurred_at"])
                if (actor, day) not in usual_cache:
                    usual_cache[(actor, day)] = self._usual_hours(actor, day, settings)
                usual = usual_cache[(actor, day)]
                hour = event["occurred_at"].hour
                if usual is not None and not usual & {(hour - 1) % 24, hour, (hour + 1) % 24}:
                    key = f"{self.key}:{actor}:{day.date().isoformat()}"
                    _merge(findings, self.key, actor, key, event, day=day.date().isoformat())
        return list(findings.values())

    def _usual_hours(self, actor: str, day, settings: RuleSettings) -> set[int] | None:
        """Hours active on at least `min_days` days of the lookback; None without enough history."""
        start = day - timedelta(days=settings.number("lookback_days"))
        rows = (
            events_in(actor, start, day)
            .annotate(d=TruncDate("occurred_at"), h=ExtractHour("occurred_at"))
            .values_list("d", "h")
            .distinct()
        )
        pairs = set(rows)
        if len({d for d, _ in pairs}) < settings.number("min_active_days"):
            return None
        per_hour = {h: sum(1 for _, hh in pairs if hh == h) for _, h in pairs}
        return {h for h, days in per_hour.items() if days >= settings.number("min_days")}


def network_of(event: dict) -> str:
    """The country when GeoIP knows it, else the /24 (IPv4) or /48 (IPv6) network."""
    if event["country"]:
        return event["country"]
    if not event["ip"]:
        return ""
    address = ipaddress.ip_address(str(event["ip"]))
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


class NewLocation:
    """Activity from a country or network the agent has not used in the lookback period."""

    key = "new_location"

    def evaluate(self, events: list[dict], settings: RuleSettings) -> list[Finding]:
        findings: dict[str, Finding] = {}
        known_cache: dict[tuple, set[str] | None] = {}
        for actor, group in by_actor(events, network_of).items():
            for event in group:
                day = day_start(event["occurred_at"])
                if (actor, day) not in known_cache:
                    known_cache[(actor, day)] = self._known(actor, day, settings)
                known, network = known_cache[(actor, day)], network_of(event)
                if known is not None and network not in known:
                    key = f"{self.key}:{actor}:{network}:{day.date().isoformat()}"
                    _merge(findings, self.key, actor, key, event, network=network)
        return list(findings.values())

    def _known(self, actor: str, day, settings: RuleSettings) -> set[str] | None:
        history = events_in(actor, day - timedelta(days=settings.number("lookback_days")), day)
        if history.count() < settings.number("min_history"):
            return None
        places = history.values_list("ip", "country").distinct()
        return {network_of({"ip": ip, "country": country}) for ip, country in places}


class BulkViewing:
    """Distinct customers per hour far above the agent's own baseline and their team's."""

    key = "bulk_viewing"

    def evaluate(self, events: list[dict], settings: RuleSettings) -> list[Finding]:
        findings = []
        grouped = by_actor(events, _has_customer)
        touched = {(actor, window(e["occurred_at"], 60)) for actor, group in grouped.items() for e in group}
        for actor, (number, start, end) in sorted(touched, key=lambda t: (t[0], t[1][0])):
            viewed = events_in(actor, start, end, ~Q(customer_id=""))
            distinct = viewed.values("customer_id").distinct().count()
            if distinct < settings.number("min_customers"):
                continue
            baseline = self._baseline(actor, start, settings)
            if distinct > settings.number("factor") * baseline:
                evidence = list(viewed.order_by("id").values_list("id", flat=True)[:MAX_EVIDENCE])
                details = {"customers": distinct, "baseline": round(baseline, 1)}
                findings.append(Finding(self.key, actor, f"{self.key}:{actor}:{number}", evidence, details))
        return findings

    def _baseline(self, actor: str, start, settings: RuleSettings) -> float:
        """The higher of the actor's and their team's 95th-percentile hourly distinct customers."""
        end = day_start(start)
        history = AccessEvent.objects.filter(
            occurred_at__gte=end - timedelta(days=settings.number("baseline_days")), occurred_at__lt=end
        ).exclude(customer_id="")
        teams = set(events_in(actor, end - timedelta(days=1), start + timedelta(hours=1)).values_list(
            "actor_teams", flat=True
        ).first() or [])
        peers = {str(a) for a, t in history.values_list("actor_id", "actor_teams").distinct() if teams & set(t or [])}
        own = _p95(history.filter(actor_id=actor))
        team = _p95(history.filter(actor_id__in=peers)) if peers else 0.0
        return max(own, team, 1.0)


def _has_customer(event: dict) -> bool:
    return bool(event["customer_id"])


def _p95(events) -> float:
    counts = list(
        events.annotate(hour=TruncHour("occurred_at"))
        .values("actor_id", "hour")
        .annotate(n=Count("customer_id", distinct=True))
        .values_list("n", flat=True)
    )
    if len(counts) < 2:
        return float(counts[0]) if counts else 0.0
    return statistics.quantiles(counts, n=20)[-1]
