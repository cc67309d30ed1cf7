"""kill -9 of a real Celery worker in the middle of a 50,000-ticket purge, then a rerun: the end
state equals an uninterrupted run's, nothing is counted twice, and no file is left orphaned."""

import base64
import contextlib
import os
import signal
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from helpdesk.models import Attachment, Comment, Tag, Ticket
from privacy.models import BlobTombstone, RetentionRun, RunState
from privacy.retention import blobs
from privacy.retention.services import legal_hold_place, policy_create, runs_start
from tests.privacy.retention.bulk import seed_tickets, stored_blob_names

ROOT = Path(__file__).resolve().parents[3]
TICKETS = int(os.environ.get("SEALDESK_KILL9_TICKETS", "50000"))
BROKER = os.environ.get("SEALDESK_KILL9_BROKER", "redis://127.0.0.1:6379/11")
# A queue of this run's own: two suites on one machine share the broker's database, not their tasks.
QUEUE = f"retention-kill9-{uuid.uuid4()}"
YEAR = timedelta(days=365)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgresql("COPY seeding and row locks across processes"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:task_always_eager has no effect"),
]


@pytest.fixture
def worker(tmp_path):
    """Start `celery -A config worker` on the test database; every worker is killed at teardown."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.privacy.retention.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "RETENTION_TEST_BROKER": BROKER,
        "RETENTION_TEST_QUEUE": QUEUE,
        "ATTACHMENT_ROOT": str(settings.ATTACHMENT_ROOT),
        "RETENTION_TEST_KEK": base64.b64encode(settings.SEALDESK_LOCAL_KEK[0]).decode(),
        "RETENTION_TEST_INDEX_KEY": base64.b64encode(settings.SEALDESK_INDEX_KEY).decode(),
        "RETENTION_TEST_AUDIT_KEY": settings.SEALDESK_AUDIT_CHAIN_KEY,
    }
    started = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115 - closed with the process
        command = [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "-I",
            "privacy.retention.tasks",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ]
        process = subprocess.Popen(  # noqa: S603 - our own celery binary, fixed arguments
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        with contextlib.suppress(ProcessLookupError):  # the pool's children outlive a dead main process
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()
    redis.Redis.from_url(BROKER).delete(QUEUE, *(f"_kombu.{kind}.{QUEUE}" for kind in ("binding", "binding_permanent")))


def _enqueue(run) -> None:
    """What beat's reconciler sends: "advance run X", on the worker's broker."""
    from config.celery import app

    with app.connection_for_write(BROKER) as broker:
        app.send_task("privacy.retention.run_advance", args=[str(run.pk)], connection=broker, queue=QUEUE)


def _wait(condition, *, worker: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited ({worker.returncode}) before {what}; see its log")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _deleted(run) -> int:
    return RetentionRun.objects.get(pk=run.pk).counts.get("deleted", 0)


@pytest.fixture
def dataset(admin_user, team_a):
    """TICKETS old tickets to purge, plus young, longer-kept and held ones that must survive."""
    policy_create(actor=admin_user, name="Delete after 1 year", data_type="tickets", keep_for=YEAR)
    policy_create(
        actor=admin_user,
        name="Keep patient records",
        data_type="tickets",
        keep_for=10 * YEAR,
        conditions={"tag": "patient-record"},
    )
    doomed = seed_tickets(TICKETS, age=2 * YEAR, team=team_a)
    young = seed_tickets(300, age=timedelta(days=30), team=team_a)
    patient = seed_tickets(200, age=2 * YEAR, team=team_a)
    tag = Tag.objects.create(name="patient-record")
    Ticket.tags.through.objects.bulk_create([Ticket.tags.through(ticket_id=pk, tag=tag) for pk in patient])
    held = seed_tickets(1, age=2 * YEAR, team=team_a)
    legal_hold_place(actor=admin_user, target_kind="ticket", target_id=held[0], reason="Dispute 7")
    return {"doomed": len(doomed), "survivors": set(young) | set(patient) | set(held)}


def test_it_ends_as_an_uninterrupted_run_after_kill_9_mid_purge(worker, dataset):
    survivors = dataset["survivors"]
    files_of_survivors = set(Attachment.objects.filter(ticket__in=survivors).values_list("blob_name", flat=True))
    [run] = [r for r in runs_start() if r.policy_name == "Delete after 1 year"]

    first = worker()
    _enqueue(run)
    _wait(lambda: _deleted(run) >= dataset["doomed"] * 0.3, worker=first, timeout=600, what="the purge got going")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    at_kill = _deleted(run)
    assert 0 < at_kill < dataset["doomed"]
    assert RetentionRun.objects.get(pk=run.pk).state == RunState.RUNNING

    second = worker()
    _enqueue(run)
    _wait(
        lambda: RetentionRun.objects.get(pk=run.pk).state != RunState.RUNNING,
        worker=second,
        timeout=900,
        what="the rerun finished",
    )
    blobs.tombstones_flush()  # what the reconciler does for an unlink the kill cut short

    run = RetentionRun.objects.get(pk=run.pk)
    assert run.state == RunState.DONE
    assert run.counts["deleted"] == dataset["doomed"]
    assert set(Ticket.objects.values_list("pk", flat=True)) == survivors
    assert Comment.objects.count() == 2 * len(survivors)
    assert stored_blob_names() == files_of_survivors
    assert not BlobTombstone.objects.exists()
