"""Runs every enabled rule over the events appended since the last run and stores the alerts."""

from django.contrib.auth import get_user_model
from django.db import transaction

from audit import conf
from audit.detectors import DEFAULTS, RULES
from audit.detectors.base import EVENT_FIELDS, MAX_EVIDENCE, Finding, RuleSettings
from audit.models import AccessEvent, Alert, DetectionRule, DetectorCursor


def rule_settings() -> list[RuleSettings]:
    """Every enabled rule with its stored thresholds over the defaults (rows created on first use)."""
    stored = {rule.key: rule for rule in DetectionRule.objects.all()}
    missing = [
        DetectionRule(key=key, severity=severity, thresholds=thresholds)
        for key, (severity, thresholds) in DEFAULTS.items()
        if key not in stored
    ]
    DetectionRule.objects.bulk_create(missing, ignore_conflicts=True)
    stored.update({rule.key: rule for rule in missing})
    return [
        RuleSettings(key, stored[key].severity, {**DEFAULTS[key][1], **stored[key].thresholds})
        for key in RULES
        if stored[key].enabled
    ]


def detect_new_events(*, batch_size: int | None = None) -> int:
    """Run the rules over every event since the cursor, one transaction per batch; returns alerts opened."""
    DetectorCursor.objects.get_or_create(pk=1)
    opened, more = 0, True
    while more:
        with transaction.atomic():
            cursor = DetectorCursor.objects.select_for_update().get(pk=1)
            limit = batch_size or conf.detect_batch_size()
            pending = AccessEvent.objects.filter(id__gt=cursor.last_seq).order_by("id").values(*EVENT_FIELDS)
            events = list(pending[:limit])
            more = len(events) == limit
            if events:
                opened += detect(events)
                cursor.last_seq = events[-1]["id"]
                cursor.save(update_fields=["last_seq"])
    return opened


def detect(events: list[dict]) -> int:
    """Evaluate all rules over `events`; idempotent, since alerts are keyed by rule, actor and window."""
    opened = 0
    for settings in rule_settings():
        findings = RULES[settings.key].evaluate(events, settings)
        opened += _store(findings, settings.severity)
    return opened


def _store(findings: list[Finding], severity: str) -> int:
    from audit.services import alert_opened

    existing = Alert.objects.in_bulk([f.dedup_key for f in findings], field_name="dedup_key")
    actors = {f.actor_id for f in findings}
    known = {str(pk) for pk in get_user_model().objects.filter(pk__in=actors).values_list("pk", flat=True)}
    opened = 0
    for finding in findings:
        alert = existing.get(finding.dedup_key)
        if alert is None:
            alert_opened(finding=finding, severity=severity, actor_known=finding.actor_id in known)
            opened += 1
            continue
        evidence = sorted(set(alert.evidence) | set(finding.evidence))[:MAX_EVIDENCE]
        if evidence != alert.evidence:
            alert.evidence, alert.details = evidence, {**alert.details, **finding.details}
            alert.save(update_fields=["evidence", "details"])
    return opened
