"""Appenders on separate PostgreSQL connections never fork the chain, and one that loses a race
appends again after the winner."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from audit import services
from audit.checkpoints import checkpoint_create
from audit.models import AccessEvent, ChainHead
from audit.services import record_event
from audit.verify import verify_log

pytestmark = [
    pytest.mark.postgresql("row locks across real connections"),
    pytest.mark.django_db(transaction=True),
]


def _in_thread(work, errors: list):
    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def _wait_until_another_connection_waits_on_a_lock(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the second append never waited on the chain head")


def test_it_keeps_one_gap_free_chain_under_concurrent_appenders():
    threads, per_thread, errors = 4, 25, []
    start = threading.Barrier(threads)

    def append_many():
        start.wait()
        for index in range(per_thread):
            if index % 3 == 0:
                with transaction.atomic():  # some inside a service's transaction, some on their own
                    record_event(action="ticket.view", target_type="helpdesk.Ticket", target_id=str(index))
            else:
                record_event(action="ticket.search", result_count=index)

    workers = [_in_thread(append_many, errors) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    total = threads * per_thread
    assert list(AccessEvent.objects.order_by("id").values_list("id", flat=True)) == list(range(1, total + 1))
    checkpoint_create()
    report = verify_log()
    assert report.ok, report.problems
    assert ChainHead.objects.get(pk=1).seq == total


def test_it_appends_again_under_the_lock_when_another_append_committed_first(monkeypatch):
    record_event(action="ticket.view")
    holding, errors, locked_reads = threading.Event(), [], []
    real_head = services._head

    def spying_head(*, lock):
        if lock:
            locked_reads.append(threading.current_thread().name)
        return real_head(lock=lock)

    monkeypatch.setattr(services, "_head", spying_head)

    def slow_transaction():
        with transaction.atomic():
            record_event(action="ticket.view", target_type="helpdesk.Ticket", target_id="first")
            holding.set()
            _wait_until_another_connection_waits_on_a_lock()

    def late_reader():
        holding.wait(timeout=10)
        # Reads the committed head (event 1), then waits on the head's row lock until the first commits.
        record_event(action="ticket.view", target_type="helpdesk.Ticket", target_id="second")

    first = _in_thread(slow_transaction, errors)
    second = _in_thread(late_reader, errors)
    second.name = "late"
    first.start()
    second.start()
    first.join()
    second.join()
    assert errors == []
    assert locked_reads == ["late"], "the late append lost the compare-and-set and retried under the lock"
    assert list(AccessEvent.objects.order_by("id").values_list("target_id", flat=True)) == ["", "first", "second"]
    assert verify_log().ok


def test_it_verifies_a_log_that_grows_while_verify_reads_it(monkeypatch):
    from audit import verify

    for _ in range(3):
        record_event(action="ticket.view")
    checkpoint_create()
    real_start, errors = verify._start, []

    def start_then_append(first_id, checkpoints):
        appender = _in_thread(lambda: record_event(action="ticket.view", target_id="during verify"), errors)
        appender.start()
        appender.join()
        return real_start(first_id, checkpoints)

    monkeypatch.setattr(verify, "_start", start_then_append)
    report = verify_log()
    assert errors == []
    assert AccessEvent.objects.count() == 4, "the append committed while verify was reading"
    assert report.ok, report.problems
    assert report.events == 3


def _append_elsewhere(errors: list, target_id: str) -> None:
    other = _in_thread(lambda: record_event(action="ticket.view", target_id=target_id), errors)
    other.start()
    other.join()


def test_it_appends_onto_the_head_another_process_moved_without_reading_it_first(monkeypatch):
    errors, reads = [], []
    record_event(action="ticket.view", target_id="mine")
    _append_elsewhere(errors, "theirs")
    real_head = services._head
    monkeypatch.setattr(services, "_head", lambda *, lock: reads.append(lock) or real_head(lock=lock))
    record_event(action="ticket.view", target_id="mine again")
    assert errors == [] and reads == [], "the failed compare-and-set answered the head to append onto"
    assert list(AccessEvent.objects.order_by("id").values_list("target_id", flat=True)) == [
        "mine", "theirs", "mine again"]
    assert verify_log().ok


def test_it_never_chains_onto_its_own_rolled_back_append_at_a_sequence_number_taken_since():
    errors = []
    record_event(action="ticket.view", target_id="first")
    with transaction.atomic():
        record_event(action="ticket.view", target_id="rolled back")  # the hint now names event 2
        transaction.set_rollback(True)
    _append_elsewhere(errors, "second")  # event 2 again, with another hash
    record_event(action="ticket.view", target_id="third")
    assert errors == []
    assert list(AccessEvent.objects.order_by("id").values_list("target_id", flat=True)) == [
        "first", "second", "third"]
    assert verify_log().ok
