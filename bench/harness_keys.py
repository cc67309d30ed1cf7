"""Data keys for many customers at once, for the data set builder.

The keyring creates a customer's DEK on first use with three queries; for 200k customers that
alone would take minutes. Here the same records (random key, wrapped by the active KEK under the
same context) are inserted in bulk and handed to the keyring's in-process cache, which is where
`keyring.dek_for_subject` would have put them.
"""

import os
import uuid

from bench.harness_copy import copy_rows
from privacy.crypto import envelope, keyring
from privacy.crypto.backends import get_backend
from privacy.crypto.models import DataKey


def deks_create(subjects: list[str]) -> None:
    keyring._check_generation()  # first check clears the cache: do it before filling it
    kek = keyring.active_kek()
    backend = get_backend()
    rows = []
    for subject in subjects:
        dek_id, key = uuid.uuid4(), os.urandom(envelope.KEY_BYTES)
        wrapped = backend.wrap(key_ref=kek.key_ref, dek=key, context=keyring.dek_context(dek_id))
        rows.append(DataKey(id=dek_id, subject=subject, kek=kek, wrapped=wrapped))
        keyring._memory.keys.put(dek_id, key)
        keyring._memory.active.put(subject, dek_id)
    copy_rows(DataKey, rows)
