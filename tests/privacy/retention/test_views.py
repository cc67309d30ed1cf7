"""The retention screen: admins edit, compliance officers see and hold, agents get 404."""

from datetime import timedelta

import pytest
from django.urls import reverse

from privacy.models import LegalHold, RetentionPolicy, RetentionRun, RetentionSchedule
from privacy.retention.services import policy_create

YEAR = timedelta(days=365)


@pytest.fixture
def policy(admin_user):
    return policy_create(actor=admin_user, name="Delete tickets after 1 year", data_type="tickets", keep_for=YEAR)


def test_it_shows_policies_previews_and_runs_to_admins(login, admin_user, policy, make_ticket):
    make_ticket(age=2 * YEAR)

    response = login(admin_user).get(reverse("privacy:retention"))

    assert response.status_code == 200
    assert b"Delete tickets after 1 year" in response.content and b"Subject 1" not in response.content


def test_it_shows_the_screen_to_compliance_officers_without_edit_buttons(login, compliance, policy):
    response = login(compliance).get(reverse("privacy:retention"))

    assert response.status_code == 200
    assert reverse("privacy:policy_edit", args=[policy.pk]).encode() not in response.content


@pytest.mark.parametrize("who", ["alice", "charlie", "light"])
def test_it_hides_everything_from_agents(login, request, who, policy):
    client = login(request.getfixturevalue(who))

    assert client.get(reverse("privacy:retention")).status_code == 404
    assert client.get(reverse("privacy:policy_edit", args=[policy.pk])).status_code == 404
    assert client.post(reverse("privacy:policy_delete", args=[policy.pk])).status_code == 404
    assert RetentionPolicy.objects.filter(pk=policy.pk).exists()


def test_it_lets_an_admin_create_a_policy_with_conditions(login, admin_user):
    data = {
        "name": "Web tickets",
        "data_type": "tickets",
        "age_basis": "closed",
        "keep_days": 30,
        "action": "anonymize",
        "enabled": "on",
        "channel": "web, api",
        "tag": "",
        "custom_field_key": "plan",
        "custom_field_value": "gold",
        "status": "",
        "team": "",
        "organization": "",
    }

    response = login(admin_user).post(reverse("privacy:policy_new"), data)

    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(name="Web tickets")
    assert policy.conditions == {"channel": ["web", "api"], "custom_field": {"key": "plan", "value": "gold"}}
    assert policy.keep_for == timedelta(days=30)


def test_it_shows_a_clear_error_for_an_impossible_policy(login, admin_user):
    data = {"name": "Bad", "data_type": "attachments", "age_basis": "created", "keep_days": 30, "action": "redact"}

    response = login(admin_user).post(reverse("privacy:policy_new"), data)

    assert response.status_code == 400 and b"does not offer that action" in response.content


def test_it_shows_an_empty_form_for_a_new_policy_and_a_filled_one_for_an_edit(login, admin_user, policy):
    client = login(admin_user)

    new = client.get(reverse("privacy:policy_new"))
    edit = client.get(reverse("privacy:policy_edit", args=[policy.pk]))

    assert new.status_code == 200 and b"Delete tickets after 1 year" not in new.content
    assert edit.status_code == 200 and b"Delete tickets after 1 year" in edit.content


def test_it_lets_an_admin_edit_a_policy(login, admin_user, policy):
    data = {"name": "Delete tickets after 2 years", "data_type": "tickets", "age_basis": "created",
            "keep_days": 730, "action": "delete", "enabled": "on"}

    response = login(admin_user).post(reverse("privacy:policy_edit", args=[policy.pk]), data, follow=True)

    assert response.redirect_chain == [(reverse("privacy:retention"), 302)]
    assert b"Policy saved." in response.content
    policy.refresh_from_db()
    assert policy.name == "Delete tickets after 2 years" and policy.keep_for == timedelta(days=730)


@pytest.mark.parametrize(("data", "error"), [
    ({"name": "Bad", "data_type": "attachments", "age_basis": "created", "keep_days": 30, "action": "redact"},
     b"does not offer that action"),
    ({"name": "", "data_type": "tickets", "age_basis": "created", "keep_days": 30, "action": "delete"},
     b"This field is required."),
])
def test_it_keeps_a_policy_unchanged_after_a_bad_edit(login, admin_user, policy, data, error):
    response = login(admin_user).post(reverse("privacy:policy_edit", args=[policy.pk]), data)

    assert response.status_code == 400 and error in response.content
    policy.refresh_from_db()
    assert policy.name == "Delete tickets after 1 year" and policy.keep_for == YEAR


def test_it_refuses_policy_changes_to_compliance_officers(login, compliance, policy):
    response = login(compliance).post(reverse("privacy:policy_delete", args=[policy.pk]))

    assert response.status_code == 403
    assert RetentionPolicy.objects.filter(pk=policy.pk).exists()


def test_it_answers_404_for_an_unknown_policy(login, admin_user):
    assert login(admin_user).get(reverse("privacy:policy_edit", args=[RetentionRun().pk])).status_code == 404


def test_it_lets_a_compliance_officer_place_and_release_a_hold(login, compliance, ticket):
    client = login(compliance)

    client.post(reverse("privacy:hold_place"), {"target_kind": "ticket", "target_id": ticket.pk, "reason": "Case 4"})
    hold = LegalHold.objects.get()
    client.post(reverse("privacy:hold_release", args=[hold.pk]))

    hold.refresh_from_db()
    assert hold.placed_by == compliance and hold.released_by == compliance


def test_it_refuses_a_hold_without_a_reason(login, compliance, ticket):
    response = login(compliance).post(reverse("privacy:hold_place"), {"target_kind": "ticket", "target_id": ticket.pk})

    assert response.status_code == 400 and not LegalHold.objects.exists()


def test_it_runs_a_policy_from_the_screen_and_reports_it(login, admin_user, policy, make_ticket):
    make_ticket(age=2 * YEAR)
    client = login(admin_user)

    client.post(reverse("privacy:policy_run", args=[policy.pk]), {"dry_run": "on"})
    run = RetentionRun.objects.get()
    response = client.get(reverse("privacy:run_detail", args=[run.pk]))

    assert response.status_code == 200 and run.dry_run and run.trigger == "screen"


def test_it_edits_the_schedule(login, admin_user):
    login(admin_user).post(reverse("privacy:schedule_update"), {"enabled": "on", "run_at": "04:30"})

    assert str(RetentionSchedule.objects.get().run_at) == "04:30:00"


def test_it_lists_runs_and_holds_in_constant_queries(login, admin_user, policy, django_assert_max_num_queries):
    from privacy.retention.services import legal_hold_place, runs_start

    client = login(admin_user)
    client.get(reverse("privacy:retention"))
    for n in range(15):
        legal_hold_place(actor=admin_user, target_kind="customer", target_id=RetentionRun().pk, reason=f"Case {n}")
    runs_start(dry_run=True)

    with django_assert_max_num_queries(20):
        client.get(reverse("privacy:retention"))
