"""Compliance UI: reviewers only (compliance, admin); agents and outsiders get 404; never a 500."""

import json
import uuid

import pytest
from django.urls import reverse

from audit import hooks
from audit.detectors.base import Finding
from audit.models import AccessEvent, Alert, Suggestion
from audit.services import alert_opened, record_event

LIST_PAGES = ["audit:event_list", "audit:alert_list", "audit:insights"]


@pytest.fixture
def alert(alice, customer):
    event = record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name"])
    finding = Finding("bulk_viewing", str(alice.pk), f"bulk:{alice.pk}:1", [event.id])
    return alert_opened(finding=finding, severity="high")


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_shows_reviewer_pages_to_compliance_and_admin(login, compliance, admin_user, name, alert):
    for user in (compliance, admin_user):
        assert login(user).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_hides_reviewer_pages_from_agents_and_outsiders(login, alice, charlie, light, name):
    for user in (alice, charlie, light):
        assert login(user).get(reverse(name)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client):
    assert client.get(reverse("audit:event_list")).status_code == 302


def test_it_filters_the_log_by_customer_and_records_the_view(login, compliance, alice, customer, ticket):
    record_event(action="customer.view", actor=alice, target=customer, fields_shown=["email"])
    response = login(compliance).get(reverse("audit:customer_viewers", args=[customer.pk]))
    assert response.status_code == 200
    assert {e.customer_id for e in response.context["events"]} == {str(customer.pk)}
    assert response.context["viewers"][0]["actor_id"] == alice.pk
    assert AccessEvent.objects.filter(action="access_log.view", actor_id=compliance.pk).exists()


def test_it_shows_one_agents_timeline(login, compliance, alice, bob, customer):
    record_event(action="customer.view", actor=alice, target=customer)
    record_event(action="customer.view", actor=bob, target=customer)
    response = login(compliance).get(reverse("audit:agent_timeline", args=[alice.pk]))
    assert {e.actor_id for e in response.context["events"]} == {alice.pk}


def test_it_reports_bad_filters_without_failing(login, compliance):
    response = login(compliance).get(reverse("audit:event_list"), {"actor": "nope", "since": "2026-02-30", "ip": "x"})
    assert response.status_code == 200 and response.context["form"].errors


def test_it_keeps_the_query_count_constant_on_the_log(
    login, compliance, alice, bob, customer, django_assert_max_num_queries
):
    client = login(compliance)
    client.get(reverse("audit:event_list"))
    for actor in (alice, bob) * 30:
        record_event(action="customer.view", actor=actor, target=customer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:event_list"))
    assert len(response.context["events"]) == 50 and response.context["next_cursor"]


def test_it_pages_with_a_cursor(login, compliance, alice, customer):
    for _ in range(60):
        record_event(action="customer.view", actor=alice, target=customer)
    client = login(compliance)
    first = client.get(reverse("audit:event_list"))
    second = client.get(reverse("audit:event_list"), {"before": first.context["next_cursor"]})
    assert max(e.id for e in second.context["events"]) < min(e.id for e in first.context["events"])


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_it_exports_and_records_the_export(login, compliance, alice, customer, fmt):
    record_event(action="customer.view", actor=alice, target=customer, metadata={"note": "=HYPERLINK(1)"})
    response = login(compliance).get(reverse("audit:export"), {"format": fmt, "action": "customer.view"})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    if fmt == "json":
        assert all(row["action"] == "customer.view" for row in json.loads(body))
    else:
        assert "customer.view" in body and ',"=HYPERLINK' not in body
    assert AccessEvent.objects.filter(action="access_log.export", actor_id=compliance.pk).exists()


def test_it_refuses_an_export_with_bad_filters(login, compliance):
    assert login(compliance).get(reverse("audit:export"), {"format": "xml"}).status_code == 400


def test_it_hides_exports_from_agents(login, alice):
    assert login(alice).get(reverse("audit:export"), {"format": "csv"}).status_code == 404


def test_it_acknowledges_and_dismisses_alerts_with_a_reason(login, compliance, alert):
    client = login(compliance)
    assert client.get(reverse("audit:alert_detail", args=[alert.pk])).status_code == 200
    client.post(reverse("audit:alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACKNOWLEDGED and alert.state_changed_by == compliance
    client.post(reverse("audit:alert_dismiss", args=[alert.pk]), {"reason": ""})
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACKNOWLEDGED
    client.post(reverse("audit:alert_dismiss", args=[alert.pk]), {"reason": "Known bulk clean-up"})
    alert.refresh_from_db()
    assert (alert.state, alert.state_reason) == (Alert.State.DISMISSED, "Known bulk clean-up")
    assert AccessEvent.objects.filter(action="alert.dismissed").count() == 1


def test_it_hides_alerts_from_agents(login, alice, charlie, alert):
    for user in (alice, charlie):
        client = login(user)
        assert client.get(reverse("audit:alert_detail", args=[alert.pk])).status_code == 404
        assert client.post(reverse("audit:alert_acknowledge", args=[alert.pk])).status_code == 404


def test_it_answers_404_for_an_unknown_alert(login, compliance):
    assert login(compliance).get(reverse("audit:alert_detail", args=[uuid.uuid4()])).status_code == 404


def test_it_applies_a_suggestion_through_the_registered_hook(login, admin_user, compliance):
    applied = []
    hooks.register("test.kind", lambda *, params, actor: applied.append((params, actor)))
    try:
        suggestion = Suggestion.objects.create(kind="test.kind", params={"x": 1}, dedup_key="k1")
        assert login(compliance).post(reverse("audit:suggestion_apply", args=[suggestion.pk])).status_code == 404
        login(admin_user).post(reverse("audit:suggestion_apply", args=[suggestion.pk]))
    finally:
        hooks.unregister("test.kind")
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.APPLIED and applied == [({"x": 1}, admin_user)]


def test_it_keeps_a_suggestion_open_when_no_hook_is_registered(login, admin_user):
    suggestion = Suggestion.objects.create(kind="nobody.registered", params={}, dedup_key="k2")
    response = login(admin_user).post(reverse("audit:suggestion_apply", args=[suggestion.pk]), follow=True)
    suggestion.refresh_from_db()
    assert response.status_code == 200 and suggestion.state == Suggestion.State.OPEN


def test_it_dismisses_a_suggestion(login, admin_user):
    suggestion = Suggestion.objects.create(kind=hooks.HIDE_FIELD, params={"role": "light_agent"}, dedup_key="k3")
    login(admin_user).post(reverse("audit:suggestion_dismiss", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.DISMISSED


def test_it_pages_a_customers_events_by_id_newest_first(alice, customer):
    from audit.selectors import events_page

    class Reviewer:
        is_authenticated, role = True, "compliance"

    mine = [record_event(action="customer.view", actor=alice, target=customer) for _ in range(5)]
    expected = list(AccessEvent.objects.filter(customer_id=str(customer.pk)).order_by("-id"))
    first, cursor = events_page(user=Reviewer(), filters={"customer": str(customer.pk)}, size=3)
    rest, _ = events_page(user=Reviewer(), filters={"customer": str(customer.pk), "before": cursor}, size=3)
    assert [(e.id, e.hash) for e in first + rest] == [(e.id, e.hash) for e in expected][:6]
    assert [e.id for e in first] == [e.id for e in reversed(mine[2:])]
