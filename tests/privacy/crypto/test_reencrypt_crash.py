"""kill -9 of a real Celery worker in the middle of a 20k-value re-encryption, then restart:
every value readable, all under the new keys, none lost or double-encrypted."""
# ruff: noqa: S603 - the worker command line is built here

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from privacy.crypto import keyring, lifecycle
from privacy.crypto.models import DataKey, JobState, KeyState, ReencryptionJob
from privacy.crypto.usage import values_per_dek
from tests.privacy.crypto.testapp.models import Message, Person, SystemNote

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
REDIS = os.environ.get("SEALDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
PEOPLE, MESSAGES, NOTES = 500, 6_000, 6_000
VALUES = 4 * PEOPLE + 2 * MESSAGES + NOTES  # name, email, phone, prefs; subject, body; text: 20,000


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def _worker(settings, queue: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.privacy.crypto.worker_settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS,
        "SEALDESK_LOCAL_KEK": base64.b64encode(settings.SEALDESK_LOCAL_KEK[0]).decode(),
        "SEALDESK_INDEX_KEY": base64.b64encode(settings.SEALDESK_INDEX_KEY).decode(),
        "SEALDESK_REENCRYPT_BATCH_SIZE": "250",
        "SEALDESK_REENCRYPT_STALE_SECONDS": "2",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-c", "1", "-l", "WARNING"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _plaintexts() -> str:
    keyring.forget_keys()
    digest = hashlib.sha256()
    for person in Person.objects.order_by("pk").iterator(chunk_size=1000):
        digest.update(repr((str(person.pk), person.name, person.email, person.phone, person.prefs)).encode())
    for message in Message.objects.order_by("pk").iterator(chunk_size=1000):
        digest.update(repr((str(message.pk), message.subject, message.body)).encode())
    for note in SystemNote.objects.order_by("pk").iterator(chunk_size=1000):
        digest.update(repr((str(note.pk), note.text)).encode())
    return digest.hexdigest()


def _seed() -> None:
    people = Person.objects.bulk_create(
        Person(name=f"P{i}", email=f"p{i}@example.de", phone=f"+49 30 {i:07d}", prefs={"i": i})
        for i in range(PEOPLE)
    )
    for start in range(0, MESSAGES, 2000):
        Message.objects.bulk_create(
            Message(person=people[i % PEOPLE], subject=f"Subject {i}", body=f"Body of message {i}")
            for i in range(start, start + 2000)
        )
    for start in range(0, NOTES, 2000):
        SystemNote.objects.bulk_create(SystemNote(text=f"note {i}") for i in range(start, start + 2000))


def test_it_survives_kill_9_of_the_worker_mid_job(settings):
    if connection.vendor != "postgresql":
        pytest.skip("NOT TESTED: the worker needs a PostgreSQL database it can share (set DATABASE_URL)")
    if not _redis_up():
        pytest.skip(f"NOT TESTED: Redis is not reachable at {REDIS} (CI starts it; see .ci/run)")
    _seed()
    before = _plaintexts()
    assert sum(values_per_dek().values()) == VALUES
    _, job = lifecycle.dek_rotate()
    queue = f"crypto-crash-{uuid.uuid4()}"
    sender = Celery(broker=REDIS)
    worker = _worker(settings, queue)
    try:
        sender.send_task("privacy.tasks.reencrypt_job_run", args=[str(job.id)], queue=queue)
        done = _wait_for(lambda: ReencryptionJob.objects.get(pk=job.pk).values_done >= 3_000, 120, "progress")
        _kill(worker)
        job.refresh_from_db()
        assert job.state == JobState.RUNNING and job.values_done < VALUES, "killed mid-job"
        time.sleep(2.5)
        worker = _worker(settings, queue)
        sender.send_task("privacy.tasks.reencrypt_jobs_reconcile", queue=queue)
        _wait_for(lambda: ReencryptionJob.objects.get(pk=job.pk).state == JobState.DONE, 300, "the job to finish")
    finally:
        if worker.poll() is None:
            _kill(worker)
        sender.close()
    assert done
    retired = set(DataKey.objects.filter(state=KeyState.RETIRED).values_list("id", flat=True))
    counts = values_per_dek()
    assert sum(counts.values()) == VALUES, "no value lost"
    assert not retired & set(counts), "every value under a new key"
    assert _plaintexts() == before, "every value reads back as before (so none double-encrypted)"
