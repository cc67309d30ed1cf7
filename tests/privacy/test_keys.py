"""Key services record who did what to which key, and never key material."""

import os

import pytest

from audit.models import AccessEvent
from privacy import keys
from privacy.crypto.models import DataKey, KeyEncryptionKey
from tests.privacy.crypto.conftest import _crypto_isolation, crypto_test_app  # noqa: F401 - fixtures
from tests.privacy.crypto.testapp.models import Person

pytestmark = pytest.mark.django_db


def test_it_records_lifecycle_actions_without_key_material(settings, admin_user):
    Person.objects.create(name="Erika")
    kek = KeyEncryptionKey.objects.get()
    settings.SEALDESK_LOCAL_KEK = (os.urandom(32), *settings.SEALDESK_LOCAL_KEK)
    keys.kek_rotate(actor=admin_user)
    keys.key_revoke(actor=admin_user, key_id=str(kek.id))
    events = AccessEvent.objects.filter(action__startswith="key.")
    assert {e.action for e in events} == {"key.rotate_kek", "key.revoke"}
    assert all(e.actor_id == admin_user.pk for e in events)
    dumped = repr(list(events.values()))
    for material in (*settings.SEALDESK_LOCAL_KEK, *(bytes(d.wrapped) for d in DataKey.objects.all())):
        assert material.hex() not in dumped and repr(material) not in dumped


def test_it_starts_the_reencryption_after_commit(django_capture_on_commit_callbacks):
    Person.objects.create(name="Erika")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        count, job = keys.dek_rotate()
    assert count == 1 and callbacks
    job.refresh_from_db()
    assert job.state == "done" and job.values_done == 4
