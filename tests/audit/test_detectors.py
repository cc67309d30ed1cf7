"""Detectors on small scenarios: each rule fires on its pattern, stays quiet on normal work, and
re-running over the same events never duplicates an alert."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from audit import context
from audit.detectors.runner import detect_new_events
from audit.models import Alert, DetectionRule, DetectorCursor
from audit.services import record_event

CARD = "4111 1111 1111 1111"


def _rules(alert_qs=None):
    return sorted((alert_qs or Alert.objects.all()).values_list("rule", flat=True))


def test_it_flags_repeated_card_number_searches(alice, bob, compliance, django_capture_on_commit_callbacks):
    for _ in range(5):
        record_event(action="ticket.search", actor=alice, query=CARD, result_count=0)
    for _ in range(4):
        record_event(action="ticket.search", actor=bob, query=CARD, result_count=0)
    for _ in range(10):
        record_event(action="ticket.search", actor=bob, query="refund order", result_count=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert detect_new_events() == 1
    alert = Alert.objects.get()
    assert (alert.rule, alert.actor, alert.severity, len(alert.evidence)) == ("sensitive_searches", alice, "high", 5)
    assert mail.outbox and mail.outbox[0].to == [compliance.email] and CARD not in mail.outbox[0].body


def test_it_is_idempotent_when_rerun_over_the_same_events(alice):
    for _ in range(6):
        record_event(action="ticket.search", actor=alice, query=CARD, result_count=0)
    detect_new_events()
    DetectorCursor.objects.update(last_seq=0)
    assert detect_new_events() == 0
    assert Alert.objects.count() == 1


def test_it_uses_thresholds_an_admin_tuned(alice):
    detect_new_events()
    DetectionRule.objects.filter(key="many_denied").update(thresholds={"count": 2, "minutes": 10})
    for _ in range(2):
        record_event(action="ticket.view", actor=alice, outcome="denied")
    detect_new_events()
    assert _rules() == ["many_denied"]


def test_it_stays_quiet_when_a_rule_is_disabled(alice):
    detect_new_events()
    DetectionRule.objects.filter(key="sensitive_searches").update(enabled=False)
    for _ in range(6):
        record_event(action="ticket.search", actor=alice, query=CARD)
    detect_new_events()
    assert not Alert.objects.exists()


def test_it_flags_access_outside_the_agents_teams_but_not_admins(alice, admin_user, team_a, team_b):
    record_event(action="ticket.view", actor=alice, metadata={"target_team_id": str(team_a.pk)})
    record_event(action="ticket.view", actor=alice, metadata={"target_team_id": str(team_b.pk)})
    record_event(action="ticket.view", actor=admin_user, metadata={"target_team_id": str(team_b.pk)})
    detect_new_events()
    alert = Alert.objects.get()
    assert (alert.rule, alert.actor) == ("outside_teams", alice)


def test_it_flags_mass_export_and_many_reveals(alice, bob):
    record_event(action="customer.export", actor=alice, result_count=6000)
    for _ in range(20):
        record_event(action="customer.reveal", actor=bob, fields_shown=["phone"], reason="caller verification")
    detect_new_events()
    assert sorted(Alert.objects.values_list("rule", "actor__email")) == [
        ("many_reveals", bob.email), ("mass_export", alice.email)]


def _at(moment, **kwargs):
    with freeze_time(moment):
        return record_event(**kwargs)


def test_it_flags_bulk_viewing_far_above_own_and_team_baseline(alice, bob):
    start = timezone.now().replace(hour=10, minute=0) - timedelta(days=7)
    for day in range(5):
        for agent in (alice, bob):
            for index in range(5):
                _at(start + timedelta(days=day, minutes=index), action="customer.view", actor=agent,
                    target_type="helpdesk.Customer", target_id=f"c{index}")
    today = start + timedelta(days=7)
    for index in range(40):
        _at(today + timedelta(minutes=1), action="customer.view", actor=alice,
            target_type="helpdesk.Customer", target_id=f"bulk{index}")
    for index in range(8):
        _at(today + timedelta(minutes=2), action="customer.view", actor=bob,
            target_type="helpdesk.Customer", target_id=f"n{index}")
    detect_new_events()
    bulk = Alert.objects.filter(rule="bulk_viewing")
    assert [a.actor for a in bulk] == [alice] and bulk[0].details["customers"] == 40


def test_it_flags_activity_outside_usual_hours_and_from_a_new_network(alice, settings):
    detect_new_events()
    DetectionRule.objects.filter(key="new_location").update(thresholds={"lookback_days": 90, "min_history": 5})
    start = timezone.now().replace(hour=9, minute=0) - timedelta(days=10)
    token = context.bind(context.RequestContext(ip="192.0.2.10"))
    try:
        for day in range(8):
            _at(start + timedelta(days=day), action="ticket.view", actor=alice)
    finally:
        context.reset(token)
    token = context.bind(context.RequestContext(ip="198.51.100.7"))
    try:
        _at(start + timedelta(days=9, hours=-6), action="ticket.view", actor=alice)
    finally:
        context.reset(token)
    detect_new_events()
    assert _rules() == ["new_location", "outside_hours"]


@pytest.mark.parametrize("count", [1, 4])
def test_it_does_not_flag_normal_work(alice, customer, count):
    for _ in range(count):
        record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name"])
        record_event(action="ticket.search", actor=alice, query="Erika Mustermann", result_count=1)
    detect_new_events()
    assert not Alert.objects.exists()
