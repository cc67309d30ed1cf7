import uuid
from datetime import timedelta

import pytest

from privacy.crypto import is_unavailable, keyring, lifecycle
from privacy.crypto.exceptions import KeyUnavailable
from privacy.crypto.models import DataKey, KeyEncryptionKey, KeyringGeneration, KeyState
from tests.privacy.crypto.testapp.models import Person

pytestmark = pytest.mark.django_db

WAIT = timedelta(days=30)


def test_it_creates_one_data_key_per_subject_on_first_use():
    first = keyring.dek_for_subject("customer-1")
    assert keyring.dek_for_subject("customer-1") == first
    assert keyring.dek_for_subject("customer-2")[0] != first[0]
    assert DataKey.objects.filter(subject="customer-1", state=KeyState.ACTIVE).count() == 1


def test_it_uses_the_system_key_for_no_subject():
    dek_id, _ = keyring.dek_for_subject(None)
    assert DataKey.objects.get(pk=dek_id).subject == "system"


def test_it_stores_data_keys_only_wrapped():
    dek_id, key = keyring.dek_for_subject("customer-1")
    dek = DataKey.objects.get(pk=dek_id)
    assert key not in bytes(dek.wrapped)
    assert KeyEncryptionKey.objects.get().key_ref.startswith("kcv-")


def test_it_raises_for_an_unknown_data_key():
    with pytest.raises(KeyUnavailable):
        keyring.dek_by_id(uuid.uuid4())


def test_it_reads_values_written_under_the_first_key_after_rotations(kms, settings):
    person = Person.objects.create(name="Old", email="old@example.de")
    for _ in range(2):
        lifecycle.dek_rotate()
        if kms == "local":
            import os

            settings.SEALDESK_LOCAL_KEK = (os.urandom(32), *settings.SEALDESK_LOCAL_KEK)
        lifecycle.kek_rotate()
        keyring.forget_keys()
        Person.objects.create(name="New", email="new@example.de")
    assert Person.objects.get(pk=person.pk).name == "Old"
    assert KeyEncryptionKey.objects.filter(state=KeyState.ACTIVE).count() == 1


def test_it_shows_the_marker_after_revocation_and_the_data_after_restore(kms):
    person = Person.objects.create(name="Erika", email="erika@example.de")
    kek = KeyEncryptionKey.objects.get(state=KeyState.ACTIVE)
    impact = lifecycle.key_revoke(key_id=str(kek.id), destroy_after=WAIT)
    assert (impact.data_keys, impact.values) == (1, 4)  # name, email, blank phone, prefs
    revoked = Person.objects.get(pk=person.pk)
    assert is_unavailable(revoked.name) and str(revoked.email) == "data unavailable"
    lifecycle.key_restore(key_id=str(kek.id))
    assert Person.objects.get(pk=person.pk).name == "Erika"


def test_it_revokes_one_subject_without_touching_others():
    erika, max_ = Person.objects.create(name="Erika"), Person.objects.create(name="Max")
    dek_id, _ = keyring.dek_for_subject(str(erika.pk))
    lifecycle.key_revoke(key_id=str(dek_id), destroy_after=WAIT)
    assert is_unavailable(Person.objects.get(pk=erika.pk).name)
    assert Person.objects.get(pk=max_.pk).name == "Max"


def test_it_refuses_to_write_under_a_revoked_kek():
    Person.objects.create(name="Erika")
    kek = KeyEncryptionKey.objects.get()
    lifecycle.key_revoke(key_id=str(kek.id), destroy_after=WAIT)
    with pytest.raises(KeyUnavailable):
        Person.objects.create(name="Max")


def test_it_forgets_cached_keys_when_another_process_revokes(settings):
    settings.SEALDESK_KEYRING_CHECK_INTERVAL = 3600
    person = Person.objects.create(name="Erika")
    assert Person.objects.get(pk=person.pk).name == "Erika"
    DataKey.objects.update(state=KeyState.REVOKED)
    KeyringGeneration.objects.update_or_create(pk=1, defaults={"value": 99})
    assert Person.objects.get(pk=person.pk).name == "Erika", "cached until the next check"
    keyring._on_request_started()
    assert is_unavailable(Person.objects.get(pk=person.pk).name)


def test_it_bounds_the_key_cache(settings):
    settings.SEALDESK_DEK_CACHE_SIZE = 3
    for i in range(10):
        keyring.dek_for_subject(f"s{i}")
    assert len(keyring._memory.keys) == 3


def test_it_gets_many_subjects_keys_at_once_like_one_by_one(django_assert_max_num_queries):
    existing = {f"s{i}": keyring.dek_for_subject(f"s{i}") for i in range(3)}
    with django_assert_max_num_queries(8):
        many = keyring.deks_for_subjects({"s0", "s1", "s2", "n1", "n2"})
    assert {s: many[s] for s in existing} == existing
    assert many["n1"] == keyring.dek_for_subject("n1") != many["n2"]
    assert DataKey.objects.filter(state=KeyState.ACTIVE).count() == 5


def test_it_never_caches_a_data_key_whose_creation_rolled_back():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back, _ = keyring.dek_for_subject("customer-9")
        raise RuntimeError("rollback")
    dek_id, _ = keyring.dek_for_subject("customer-9")
    assert dek_id != rolled_back and DataKey.objects.filter(pk=dek_id).exists()


@pytest.mark.django_db(transaction=True)  # committed keys, as a worker sees them
def test_it_reloads_evicted_keys_of_many_subjects_with_one_query(django_assert_max_num_queries):
    subjects = {f"s{i}" for i in range(6)}
    expected = keyring.deks_for_subjects(subjects)
    keyring._memory.keys.clear()  # as the bounded cache does under load; active DEK ids stay known
    with django_assert_max_num_queries(2):  # the keys, and perhaps the keyring generation
        assert keyring.deks_for_subjects(subjects) == expected


def test_it_preloads_only_usable_keys():
    usable, _ = keyring.dek_for_subject("customer-1")
    revoked, _ = keyring.dek_for_subject("customer-2")
    DataKey.objects.filter(pk=revoked).update(state=KeyState.REVOKED)
    keyring.forget_keys()
    assert set(keyring.preload({usable, revoked, uuid.uuid4()})) == {usable}


def test_it_unwraps_rows_read_once_as_preload_would(django_assert_max_num_queries):
    usable, key = keyring.dek_for_subject("customer-1")
    revoked, _ = keyring.dek_for_subject("customer-2")
    DataKey.objects.filter(pk=revoked).update(state=KeyState.REVOKED)
    keyring.forget_keys()
    deks = keyring.deks_read({usable, revoked, uuid.uuid4()})
    assert {dek.id: dek.state for dek in deks} == {usable: KeyState.ACTIVE, revoked: KeyState.REVOKED}
    with django_assert_max_num_queries(0):
        assert keyring.deks_unwrap(deks) == {usable: key}
        with pytest.raises(KeyUnavailable):
            keyring.dek_by_id(revoked)  # its failure is remembered, as preload's are
