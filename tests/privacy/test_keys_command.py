"""`manage.py keys`: every subcommand, its audit record, and one-line errors that write nothing."""

import base64
import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time

from audit.models import AccessEvent
from privacy.crypto import is_unavailable, keyring
from privacy.crypto.models import DataKey, KeyEncryptionKey, KeyState, ReencryptionJob
from tests.privacy.crypto.conftest import _crypto_isolation, crypto_test_app  # noqa: F401 - fixtures
from tests.privacy.crypto.testapp.models import Person

pytestmark = pytest.mark.django_db


def keys(*args) -> str:
    out = StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        list(KeyEncryptionKey.objects.values_list("id", "state", "key_ref")),
        list(DataKey.objects.values_list("id", "state", "kek_id")),
        ReencryptionJob.objects.count(),
        AccessEvent.objects.filter(action__startswith="key.").count(),
    )


def test_it_prints_status_with_values_per_key():
    Person.objects.create(name="Erika", email="erika@example.de")
    out = keys("status")
    assert "Backend: backend=local" in out and "[ok:" in out
    assert "active  1 data keys, 4 values" in out
    assert "Erika" not in out


def test_it_rotates_the_kek_without_reencrypting(settings):
    person = Person.objects.create(name="Erika")
    raw_before = Person.objects.filter(pk=person.pk).values_list("name", flat=True).get()
    settings.SEALDESK_LOCAL_KEK = (os.urandom(32), *settings.SEALDESK_LOCAL_KEK)
    out = keys("rotate-kek")
    new = KeyEncryptionKey.objects.get(state=KeyState.ACTIVE)
    assert str(new.id) in out
    assert DataKey.objects.get().kek == new
    keyring.forget_keys()
    assert Person.objects.get(pk=person.pk).name == "Erika"
    assert Person.objects.filter(pk=person.pk).values_list("name", flat=True).get() == raw_before
    event = AccessEvent.objects.get(action="key.rotate_kek")
    assert event.target_id == str(new.id) and "os_user" in event.metadata


def test_it_refuses_a_kek_rotation_without_new_material():
    Person.objects.create(name="Erika")
    before = _snapshot()
    with pytest.raises(CommandError, match="no new KEK"):
        keys("rotate-kek")
    assert _snapshot() == before


def test_it_rotates_one_subjects_data_key_and_reencrypts():
    erika, max_ = Person.objects.create(name="Erika"), Person.objects.create(name="Max")
    old = DataKey.objects.get(subject=str(erika.pk))
    out = keys("rotate-dek", "--subject", str(erika.pk))
    assert "Retired 1 data keys" in out
    job = ReencryptionJob.objects.get()
    assert job.scope == f"subject:{erika.pk}"
    assert AccessEvent.objects.filter(action="key.rotate_dek").count() == 1
    old.refresh_from_db()
    assert old.state == KeyState.RETIRED
    assert DataKey.objects.get(subject=str(max_.pk)).state == KeyState.ACTIVE


def test_it_needs_confirmation_to_revoke_and_prints_the_impact():
    Person.objects.create(name="Erika")
    kek = KeyEncryptionKey.objects.get()
    before = _snapshot()
    out = StringIO()
    with pytest.raises(CommandError, match="--confirm"):
        call_command("keys", "revoke", str(kek.id), stdout=out)
    assert "makes 4 values of 1 data subjects" in out.getvalue()
    assert _snapshot() == before


def test_it_revokes_restores_and_destroys_after_the_waiting_period():
    person = Person.objects.create(name="Erika")
    dek = DataKey.objects.get(subject=str(person.pk))
    keys("revoke", str(dek.id), "--confirm", "--destroy-after", "7")
    assert is_unavailable(Person.objects.get(pk=person.pk).name)
    keys("restore", str(dek.id))
    assert Person.objects.get(pk=person.pk).name == "Erika"
    keys("revoke", str(dek.id), "--confirm", "--destroy-after", "7")
    assert "0 keys destroyed" in keys("destroy-due")
    with freeze_time(timezone.now() + timedelta(days=8)):
        assert "1 keys destroyed" in keys("destroy-due")
        with pytest.raises(CommandError, match="destroyed, not revoked"):
            keys("restore", str(dek.id))
    dek.refresh_from_db()
    assert dek.state == KeyState.DESTROYED and bytes(dek.wrapped) == b""
    actions = list(AccessEvent.objects.filter(action__startswith="key.").values_list("action", flat=True))
    assert sorted(actions) == ["key.destroy", "key.restore", "key.revoke", "key.revoke"]


def test_it_refuses_to_restore_after_the_waiting_period():
    person = Person.objects.create(name="Erika")
    dek = DataKey.objects.get(subject=str(person.pk))
    keys("revoke", str(dek.id), "--confirm", "--destroy-after", "1")
    with freeze_time(timezone.now() + timedelta(days=2)), pytest.raises(CommandError, match="waiting period"):
        keys("restore", str(dek.id))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["revoke", "not-a-uuid", "--confirm"], "is not a key id"),
        (["revoke", "00000000-0000-0000-0000-000000000000", "--confirm"], "no KEK or DEK"),
        (["restore", "00000000-0000-0000-0000-000000000000"], "no KEK or DEK"),
        (["rotate-dek", "--subject", "nobody"], "has no active data key"),
    ],
)
def test_it_fails_bad_input_with_one_line_and_writes_nothing(args, message):
    Person.objects.create(name="Erika")
    before = _snapshot()
    with pytest.raises(CommandError, match=message) as error:
        keys(*args)
    assert "\n" not in str(error.value)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SEALDESK_KMS_BACKEND": "vault", "SEALDESK_VAULT_ADDR": "http://127.0.0.1:9"}, "Vault unreachable"),
        ({"SEALDESK_KMS_BACKEND": "pkcs11", "SEALDESK_PKCS11_LIBRARY": "/nonexistent.so"}, "library not found"),
        ({"SEALDESK_LOCAL_KEK": None, "SEALDESK_LOCAL_KEK_FILE": "/nonexistent/kek.b64"}, "no local KEK"),
    ],
)
def test_it_fails_an_unreachable_or_unconfigured_backend_with_one_line(settings, overrides, message):
    for name, value in overrides.items():
        setattr(settings, name, value)
    settings.SEALDESK_VAULT_TIMEOUT = 1.0
    before = _snapshot()
    with pytest.raises(CommandError, match=message) as error:
        keys("rotate-kek")
    assert "\n" not in str(error.value)
    assert _snapshot() == before


def test_it_fails_malformed_key_material_in_a_file_with_one_line(settings, tmp_path):
    for text, message in [("not base64!!", "not valid base64"), (base64.b64encode(b"short").decode(), "32 bytes")]:
        path = tmp_path / "kek.b64"
        path.write_text(text)
        settings.SEALDESK_LOCAL_KEK, settings.SEALDESK_LOCAL_KEK_FILE = None, path
        with pytest.raises(CommandError, match=message):
            keys("rotate-kek")
    assert not KeyEncryptionKey.objects.exists()


def test_it_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "keys", "revoke", "nope", "--confirm"],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["CommandError: 'nope' is not a key id (a UUID)"]
