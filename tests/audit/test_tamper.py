"""Any single tampering with events or checkpoints is detected; the untouched log verifies clean."""

import base64
import os
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.checkpoints import checkpoint_create
from audit.models import AccessEvent, Checkpoint
from audit.services import record_event
from audit.verify import verify_log

EVENTS = 45
SEAL_EVERY = 15


def _shifted(column: str, seconds: int) -> str:
    """SQL for the column's timestamp moved by some seconds, in this database's dialect."""
    if connection.vendor == "sqlite":
        return f"strftime('%Y-%m-%d %H:%M:%f', {column}, '{seconds:+d} seconds')"
    return f"{column} + interval '{seconds} seconds'"


EDITABLE = {
    "action": "'customer.export'",
    "actor_role": "'admin'",
    "target_id": "'forged'",
    "customer_id": "'someone-else'",
    "outcome": "'denied'",
    "result_count": "COALESCE(result_count, 0) + 1",
    "metadata": """'{"forged": true}'""",
    "occurred_at": _shifted("occurred_at", -1),
    "hash": "md5(hash) || md5(hash)",
    "fields_shown": """'["iban"]'""",
    "ip": "'10.9.9.9'",
}
HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture
def sealed_log(alice, customer, ticket):
    for index in range(EVENTS):
        target = customer if index % 2 else ticket
        record_event(action="ticket.view", actor=alice, target=target, fields_shown=["subject"], result_count=index)
        if (index + 1) % SEAL_EVERY == 0:
            checkpoint_create()
    return AccessEvent.objects.count()


def _detects(tamper, *statements) -> bool:
    with transaction.atomic():
        for sql, params in statements:
            tamper(sql, params)
        report = verify_log(chunk_size=7)
        transaction.set_rollback(True)
    return not report.ok


def test_it_verifies_the_untouched_log(sealed_log):
    report = verify_log()
    assert report.ok and report.events == sealed_log and report.checkpoints == EVENTS // SEAL_EVERY
    assert report.rechecked == 0, "the database wrote every intact event's canonical bytes exactly"


def test_it_detects_any_edit_of_any_event(sealed_log, tamper):
    @HYPOTHESIS
    @given(event_id=st.integers(1, sealed_log), column=st.sampled_from(sorted(EDITABLE)))
    def check(event_id, column):
        sql = f"UPDATE audit_accessevent SET {column} = {EDITABLE[column]} WHERE id = %s"  # noqa: S608
        assert _detects(tamper, (sql, [event_id]))

    check()


def test_it_detects_any_deleted_event(sealed_log, tamper):
    @HYPOTHESIS
    @given(event_id=st.integers(1, sealed_log))
    def check(event_id):
        assert _detects(tamper, ("DELETE FROM audit_accessevent WHERE id = %s", [event_id]))

    check()


def test_it_detects_any_swap_of_two_events(sealed_log, tamper):
    columns = ", ".join(f"{c} = other.{c}" for c in ("occurred_at", "action", "target_type", "target_id",
                                                     "customer_id", "result_count", "hash"))

    @HYPOTHESIS
    @given(pair=st.lists(st.integers(1, sealed_log), min_size=2, max_size=2, unique=True))
    def check(pair):
        first, second = pair
        swap = (
            f"UPDATE audit_accessevent AS e SET {columns} FROM audit_accessevent AS other "  # noqa: S608
            "WHERE (e.id, other.id) IN ((%s, %s), (%s, %s))"
        )
        assert _detects(tamper, (swap, [first, second, second, first]))

    check()


def test_it_detects_a_forged_event_appended_with_the_head_moved(sealed_log, tamper):
    forge = (
        "INSERT INTO audit_accessevent (id, occurred_at, actor_role, actor_teams, action, target_type, target_id,"
        " customer_id, fields_shown, channel, country, city, user_agent, request_id, outcome, query_classes,"
        " metadata, hash) SELECT id + 1, occurred_at, actor_role, actor_teams, action, target_type, target_id,"
        " customer_id, fields_shown, channel, country, city, user_agent, request_id, outcome, query_classes,"
        " metadata, md5(hash) || md5(hash) FROM audit_accessevent WHERE id = %s"
    )
    head = "UPDATE audit_chainhead SET seq = %s, hash = (SELECT hash FROM audit_accessevent WHERE id = %s)"
    assert _detects(tamper, (forge, [sealed_log]), (head, [sealed_log + 1, sealed_log + 1]))


def test_it_detects_truncation_of_sealed_events(sealed_log, tamper):
    @HYPOTHESIS
    @given(keep=st.integers(0, sealed_log - 1))
    def check(keep):
        head = (
            "UPDATE audit_chainhead SET seq = %s,"
            " hash = COALESCE((SELECT hash FROM audit_accessevent WHERE id = %s), '')"
        )
        assert _detects(tamper, ("DELETE FROM audit_accessevent WHERE id > %s", [keep]), (head, [keep, keep]))

    check()


def test_it_detects_a_replaced_or_deleted_checkpoint(sealed_log, tamper):
    edits = {
        "to_seq": "to_seq - 1",
        "head_hash": "md5(head_hash) || md5(head_hash)",
        "signature": "md5(signature) || md5(signature) || md5(signature) || md5(signature)",
        "prev_signature": "signature",
        "created_at": _shifted("created_at", 1),
    }

    @HYPOTHESIS
    @given(number=st.integers(1, EVENTS // SEAL_EVERY), column=st.sampled_from([*sorted(edits), "delete"]))
    def check(number, column):
        if column == "delete" and number == EVENTS // SEAL_EVERY:
            return  # the newest checkpoint: see test_it_flags_a_removed_newest_checkpoint_once_stale
        if column == "delete":
            sql = "DELETE FROM audit_checkpoint WHERE number = %s"
            renumber = "UPDATE audit_checkpoint SET number = number - 1 WHERE number > %s"
            statements = [(sql, [number]), (renumber, [number])]
        else:
            statements = [(f"UPDATE audit_checkpoint SET {column} = {edits[column]} WHERE number = %s", [number])]  # noqa: S608
        assert _detects(tamper, *statements)

    check()


def test_it_refuses_a_checkpoint_signed_by_another_key(sealed_log, settings):
    settings.SEALDESK_AUDIT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    record_event(action="ticket.view", target_type="helpdesk.Ticket", target_id="x")
    checkpoint_create()
    report = verify_log()
    assert not report.ok and "untrusted" in str(report.problems[0])


def test_it_accepts_old_checkpoints_from_a_configured_previous_key(sealed_log, settings):
    from audit.checkpoints import public_key_hex

    old_public = bytes.fromhex(public_key_hex())
    settings.SEALDESK_AUDIT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    settings.SEALDESK_AUDIT_TRUSTED_PUBLIC_KEYS = base64.b64encode(old_public).decode()
    checkpoint_create()
    assert verify_log().ok


def test_it_names_the_first_broken_event(sealed_log, tamper):
    tamper("UPDATE audit_accessevent SET action = 'x' WHERE id IN (7, 30)")
    report = verify_log()
    assert report.problems[0].event_id == 7


@pytest.mark.postgresql("triggers and roles")
def test_it_keeps_checkpoints_and_events_in_order(sealed_log):
    assert list(AccessEvent.objects.order_by("id").values_list("id", flat=True)) == list(range(1, sealed_log + 1))
    assert Checkpoint.objects.count() == EVENTS // SEAL_EVERY


def test_it_flags_a_removed_newest_checkpoint_once_stale(sealed_log, tamper):
    newest = EVENTS // SEAL_EVERY
    tamper("DELETE FROM audit_checkpoint WHERE number = %s", [newest])
    assert verify_log().ok, "without a freshness bound the unsealed tail is the known window"
    assert verify_log(max_unsealed_age=timedelta(minutes=10)).ok, "a fresh tail is normal"
    with freeze_time(timezone.now() + timedelta(hours=1)):
        report = verify_log(max_unsealed_age=timedelta(minutes=10))
    assert not report.ok and "unsealed" in str(report.problems[0])
