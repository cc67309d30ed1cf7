"""Runs are the truth: a crash, a rerun, two runs at once or a late scheduler end the same."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from helpdesk.models import Attachment, Ticket
from privacy.models import BlobTombstone, RetentionRun, RunState
from privacy.retention import blobs, jobs, rows
from privacy.retention.services import policy_create, runs_start, schedule_get, schedule_tick

YEAR = timedelta(days=365)


@pytest.fixture
def policy(admin_user):
    return policy_create(actor=admin_user, name="Delete old tickets", data_type="tickets", keep_for=YEAR)


@pytest.fixture
def old_tickets(make_ticket):
    return [make_ticket(age=2 * YEAR, attachment=True) for _ in range(5)]


@pytest.fixture
def small_batches(settings):
    settings.SEALDESK_RETENTION_BATCH = 2


def _finish(run):
    while not jobs.run_advance(run_id=run.pk):
        pass
    return RetentionRun.objects.get(pk=run.pk)


def test_it_resumes_after_a_failed_batch_without_losing_or_repeating(
    policy, old_tickets, small_batches, monkeypatch, stored_files, django_capture_on_commit_callbacks
):
    [run] = runs_start(actor=None)
    real_delete = rows.rows_delete

    def crash_on_second_batch(model, pks):
        real_delete(model, pks)
        if model is Ticket:
            raise DatabaseError("worker lost after its deletes, before COMMIT")

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.run_step(run_id=run.pk) == "more"
        monkeypatch.setattr(rows, "rows_delete", crash_on_second_batch)
        assert jobs.run_step(run_id=run.pk) == "more"
        monkeypatch.setattr(rows, "rows_delete", real_delete)
        run = _finish(run)

    assert run.state == RunState.DONE
    assert run.counts["deleted"] == 5 and len(run.errors) == 1 and run.batches == 3
    assert not Ticket.objects.exists() and stored_files() == []


def test_it_finds_nothing_left_on_a_rerun(policy, old_tickets, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _finish(runs_start()[0])
        second = _finish(runs_start()[0])

    assert first.pk != second.pk
    assert (first.counts["deleted"], second.counts["matched"]) == (5, 0)


def test_it_gives_a_second_starter_the_run_already_going(policy, old_tickets):
    first = runs_start()[0]
    second = runs_start()[0]

    assert first.pk == second.pk
    assert RetentionRun.objects.count() == 1


@pytest.mark.postgresql("row locks")
def test_it_steps_aside_while_another_worker_holds_the_run(policy, old_tickets):
    run = runs_start()[0]

    def other_worker_holds_it():
        from threading import Thread

        outcome = []

        def step():
            outcome.append(jobs.run_step(run_id=run.pk))
            connection.close()

        thread = Thread(target=step)
        thread.start()
        thread.join()
        return outcome[0]

    RetentionRun.objects.select_for_update().get(pk=run.pk)
    assert other_worker_holds_it() in ("busy", "done")


def test_it_fails_a_run_after_repeated_errors_and_reports_it(policy, old_tickets, monkeypatch):
    monkeypatch.setattr(rows, "rows_delete", lambda model, pks: (_ for _ in ()).throw(DatabaseError("disk full")))
    run = _finish(runs_start()[0])

    assert run.state == RunState.FAILED
    assert [e["error"] for e in run.errors] == ["DatabaseError"] * jobs.MAX_ERRORS
    assert Ticket.objects.count() == 5


def test_it_starts_the_daily_runs_once_however_often_beat_ticks(policy, old_tickets):
    schedule = schedule_get()
    schedule.run_at = time(3, 0)
    schedule.save()
    before = datetime(2026, 5, 1, 2, 59, tzinfo=UTC)
    after = datetime(2026, 5, 1, 3, 5, tzinfo=UTC)

    assert schedule_tick(now=before) == []
    assert len(schedule_tick(now=after)) == 1
    assert schedule_tick(now=after + timedelta(hours=2)) == []
    assert RetentionRun.objects.filter(trigger="schedule").count() == 1


def test_it_catches_up_after_the_scheduler_was_down_for_days(policy, make_ticket, django_capture_on_commit_callbacks):
    for days in (400, 401, 402):
        make_ticket(age=timedelta(days=days))
    later = timezone.now() + timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        [run] = schedule_tick(now=later.replace(hour=23))
        _finish(run)

    assert not Ticket.objects.exists()


def test_it_restarts_runs_whose_worker_died(policy, old_tickets):
    run = runs_start()[0]
    RetentionRun.objects.filter(pk=run.pk).update(state="running", heartbeat_at=timezone.now() - timedelta(hours=1))
    fresh = runs_start(policy_name=None, dry_run=True)[0]

    assert jobs.runs_stale() == [run.pk]
    assert fresh.pk not in jobs.runs_stale(older_than=timedelta(hours=2))


def test_it_unlinks_files_whose_rows_are_gone_after_a_crash_between_commit_and_unlink(
    policy, old_tickets, stored_files
):
    [run] = runs_start()
    _finish(run)  # the after-commit unlink never fires here: as if the worker died right after COMMIT

    assert len(stored_files()) == 5 and BlobTombstone.objects.count() == 5
    blobs.tombstones_flush()
    assert stored_files() == [] and not BlobTombstone.objects.exists()


def test_it_sweeps_orphan_files_but_not_fresh_uploads(make_ticket, stored_files):
    kept = make_ticket(age=timedelta(days=1), attachment=True)
    from helpdesk import attachment_store

    attachment_store.write_blob("ab" * 16, b"left behind by a crash")
    assert len(stored_files()) == 2

    assert blobs.orphans_sweep(min_age_seconds=3600) == 0
    assert blobs.orphans_sweep(min_age_seconds=-1) == 1
    assert [p.name for p in stored_files()] == [Attachment.objects.get(ticket=kept).blob_name]
