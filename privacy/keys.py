"""Key lifecycle services: each action runs the crypto operation and writes its audit
record in one transaction. Audit metadata names keys by id and reference, never material."""

import getpass
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from audit.services import record_event
from privacy.crypto import lifecycle
from privacy.crypto.models import DataKey, KeyEncryptionKey, ReencryptionJob


def _who() -> dict:
    try:
        return {"os_user": getpass.getuser()}
    except (KeyError, OSError):
        return {}


def kek_rotate(*, actor=None) -> KeyEncryptionKey:
    with transaction.atomic():
        kek = lifecycle.kek_rotate()
        record_event(
            action="key.rotate_kek",
            actor=actor,
            target=kek,
            metadata={"backend": kek.backend, "key_ref": kek.key_ref, **_who()},
        )
    return kek


def dek_rotate(*, actor=None, subject: str | None = None) -> tuple[int, ReencryptionJob]:
    """Retire the active DEKs (all, or one subject's) and start re-encrypting after commit."""
    from privacy.tasks import reencrypt_job_run

    with transaction.atomic():
        count, job = lifecycle.dek_rotate(subject=subject)
        record_event(
            action="key.rotate_dek",
            actor=actor,
            target=job,
            metadata={"scope": job.scope, "retired_data_keys": count, **_who()},
        )
        # robust: if the broker is down the job row stays pending and the reconciler starts it
        transaction.on_commit(lambda: reencrypt_job_run.delay(str(job.id)), robust=True)
    return count, job


def key_revoke(*, actor=None, key_id: str, destroy_after: timedelta | None = None) -> lifecycle.Impact:
    wait = destroy_after or timedelta(days=settings.SEALDESK_KEY_DESTROY_AFTER_DAYS)
    with transaction.atomic():
        impact = lifecycle.key_revoke(key_id=key_id, destroy_after=wait)
        record_event(
            action="key.revoke",
            actor=actor,
            target=impact.key,
            metadata={
                "data_keys": impact.data_keys,
                "values": impact.values,
                "destroy_after": impact.key.destroy_after.isoformat(),
                **_who(),
            },
        )
    return impact


def key_restore(*, actor=None, key_id: str) -> KeyEncryptionKey | DataKey:
    with transaction.atomic():
        key = lifecycle.key_restore(key_id=key_id)
        record_event(action="key.restore", actor=actor, target=key, metadata={"state": key.state, **_who()})
    return key


def keys_destroy_due(*, actor=None) -> list[KeyEncryptionKey | DataKey]:
    """Destroy the material of revoked keys whose waiting period is over."""
    with transaction.atomic():
        destroyed = lifecycle.keys_destroy_due()
        for key in destroyed:
            record_event(action="key.destroy", actor=actor, target=key, metadata=_who())
    return destroyed
