import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.crypto import envelope, keyring, lifecycle, reencrypt, reseal
from privacy.crypto.models import DataKey, JobState, KeyState, ReencryptionJob
from privacy.crypto.usage import values_per_dek
from tests.privacy.crypto.testapp.models import Message, Person, SystemNote

pytestmark = pytest.mark.django_db


def _people(count=5):
    people = Person.objects.bulk_create([Person(name=f"P{i}", email=f"p{i}@example.de") for i in range(count)])
    Message.objects.bulk_create([Message(person=p, subject=f"S {p.name}", body="Body text") for p in people])
    SystemNote.objects.create(text="system note")
    return people


def _dek_ids_in_use() -> set:
    return set(values_per_dek())


def _run(job):
    while not reencrypt.job_step(job_id=job.id):
        pass
    job.refresh_from_db()
    return job


def test_it_moves_every_value_off_retired_keys(settings):
    settings.SEALDESK_REENCRYPT_BATCH_SIZE = 2
    people = _people()
    before = _dek_ids_in_use()
    count, job = lifecycle.dek_rotate()
    assert count == 6
    job = _run(job)
    assert job.state == JobState.DONE and job.values_done == 5 * 4 + 5 * 2 + 1
    after = _dek_ids_in_use()
    assert not before & after
    assert set(DataKey.objects.filter(pk__in=after).values_list("state", flat=True)) == {KeyState.ACTIVE}
    keyring.forget_keys()
    assert sorted(p.name for p in Person.objects.all()) == sorted(p.name for p in people)
    assert {m.body for m in Message.objects.all()} == {"Body text"}


def test_it_moves_only_one_subject_when_asked(settings):
    erika, *others = _people(3)
    before = values_per_dek()
    _, job = lifecycle.dek_rotate(subject=str(erika.pk))
    _run(job)
    after = values_per_dek()
    old_dek = DataKey.objects.get(subject=str(erika.pk), state=KeyState.RETIRED)
    assert before[old_dek.id] == 6 and after[old_dek.id] == 0
    for person in others:
        dek_id, _ = keyring.dek_for_subject(str(person.pk))
        assert after[dek_id] == before[dek_id]


def test_it_is_idempotent_when_run_twice(settings):
    _people()
    _, job = lifecycle.dek_rotate()
    _run(job)
    snapshot = _raw_rows()
    again = ReencryptionJob.objects.create(scope="all")
    again = _run(again)
    assert again.values_done == 0
    assert _raw_rows() == snapshot


def test_it_resumes_from_its_checkpoint_after_a_crash(settings, monkeypatch):
    settings.SEALDESK_REENCRYPT_BATCH_SIZE = 2
    _people(6)
    _, job = lifecycle.dek_rotate()
    real_write = reseal._write
    person_writes = []

    def crash_on_second_person_batch(entry, updates):
        if entry.label == "crypto_tests.Person":
            person_writes.append(len(updates))
            if len(person_writes) == 2:
                raise RuntimeError("worker died")
        real_write(entry, updates)

    monkeypatch.setattr(reseal, "_write", crash_on_second_person_batch)
    with pytest.raises(RuntimeError):
        while not reencrypt.job_step(job_id=job.id):
            pass
    job.refresh_from_db()
    assert job.checkpoint["crypto_tests.Person"]["after"] is not None, "the first batch was checkpointed"
    monkeypatch.setattr(reseal, "_write", real_write)
    job = _run(job)
    assert job.state == JobState.DONE
    retired = set(DataKey.objects.filter(state=KeyState.RETIRED).values_list("id", flat=True))
    assert not retired & _dek_ids_in_use()
    keyring.forget_keys()
    assert sorted(p.name for p in Person.objects.all()) == [f"P{i}" for i in range(6)]


def test_it_skips_values_it_cannot_open_and_finishes(settings):
    people = _people(2)
    _, job = lifecycle.dek_rotate()
    DataKey.objects.filter(subject=str(people[0].pk)).update(state=KeyState.REVOKED)
    DataKey.objects.filter(subject=str(people[0].pk)).update(state=KeyState.RETIRED, wrapped=b"x" * 60)
    keyring.forget_keys()
    job = _run(job)
    assert job.state == JobState.DONE and job.values_skipped == 6 * 2


def test_it_lists_stale_jobs_for_the_reconciler(settings):
    from datetime import timedelta

    from django.utils import timezone

    job = ReencryptionJob.objects.create(scope="all", state=JobState.RUNNING)
    ReencryptionJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=10))
    fresh = ReencryptionJob.objects.create(scope="all", state=JobState.RUNNING, heartbeat=timezone.now())
    assert reencrypt.jobs_stale() == [job.id]
    assert fresh.id not in reencrypt.jobs_stale()


def _raw_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name, email FROM crypto_tests_person ORDER BY id")
        return [(r[0], bytes(r[1]), bytes(r[2])) for r in cursor.fetchall()]


def test_it_reads_the_dek_id_from_sql_like_python(settings):
    person = Person.objects.create(name="E")
    dek_id, _ = keyring.dek_for_subject(str(person.pk))
    assert values_per_dek()[dek_id] >= 1
    assert envelope.read_header(_raw_rows()[0][1]).dek_id == dek_id


def test_it_rewrites_at_most_a_batch_of_rows_per_transaction(settings, monkeypatch):
    settings.SEALDESK_REENCRYPT_BATCH_SIZE = 2
    _people(7)
    _, job = lifecycle.dek_rotate()
    real_write, written = reseal._write, []

    def record(entry, updates):
        written.append((entry.label, len(updates)))
        real_write(entry, updates)

    monkeypatch.setattr(reseal, "_write", record)
    job = _run(job)
    assert max(count for _, count in written) == 2
    assert sum(count for label, count in written if label == "crypto_tests.Person") == 7
    assert job.values_done == 7 * 4 + 7 * 2 + 1 and job.rows_done == 7 + 7 + 1


KEY_LOOKUP = r"crypto_datakey.*id (= ANY|IN \(SELECT value FROM json_each)"  # PostgreSQL's, SQLite's (crypto.sql)


def test_it_reads_the_data_keys_a_batch_names_once(settings):
    _people(3)
    _, job = lifecycle.dek_rotate()
    lookups = []
    while True:
        keyring.forget_keys()  # every batch has to read its retired keys from the table
        with CaptureQueriesContext(connection) as context:
            finished = reencrypt.job_step(job_id=job.id)
        lookups.append(sum(1 for q in context.captured_queries if re.search(KEY_LOOKUP, q["sql"])))
        if finished:
            break
    assert max(lookups) == 1


def test_it_checks_headers_again_under_the_lock(settings, monkeypatch):
    _people(3)
    _, job = lifecycle.dek_rotate()
    _run(job)
    snapshot = _raw_rows()
    real_scan = reseal._scan

    def everything_looks_stale(*args):  # as if another runner moved the rows after the scan
        return [(pk, True) for pk, _ in real_scan(*args)]

    monkeypatch.setattr(reseal, "_scan", everything_looks_stale)
    again = _run(ReencryptionJob.objects.create(scope="all"))
    assert again.values_done == 0 and again.rows_done == 0
    assert _raw_rows() == snapshot


def test_it_leaves_values_of_no_known_format_and_finishes(settings):
    people = _people(2)
    pk = Person._meta.pk.get_db_prep_value(people[0].pk, connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_tests_person SET phone = %s WHERE id = %s", [b"\x01short", pk])
    _, job = lifecycle.dek_rotate()
    job = _run(job)
    assert job.state == JobState.DONE and job.values_done == 3 + 4 + 2 * 2 + 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM crypto_tests_person WHERE id = %s", [pk])
        assert bytes(cursor.fetchone()[0]) == b"\x01short"
    retired = set(DataKey.objects.filter(state=KeyState.RETIRED).values_list("id", flat=True))
    assert not retired & {envelope.read_header(blob).dek_id for _, *blobs in _raw_rows() for blob in blobs}
