"""A read-only picture of the keyring for `keys status` and the admin: no key material."""

from collections import Counter

from .backends import get_backend
from .exceptions import CryptoError
from .models import SYSTEM_SUBJECT, DataKey, KeyEncryptionKey, KeyState, ReencryptionJob
from .usage import values_per_dek

LISTED_DEKS = 50


def _backend() -> dict:
    try:
        backend = get_backend()
    except CryptoError as exc:
        return {"backend": "unknown", "ok": False, "detail": str(exc)}
    return {**backend.describe(), **backend.health()}


def keyring_status(*, subject: str | None = None) -> dict:
    counts = values_per_dek()
    deks = DataKey.objects.values_list("id", "kek_id", "state", "subject")
    per_kek: Counter = Counter()
    per_kek_values: Counter = Counter()
    per_state: Counter = Counter()
    per_state_values: Counter = Counter()
    for dek_id, kek_id, state, _ in deks.iterator(chunk_size=2000):
        per_kek[kek_id] += 1
        per_kek_values[kek_id] += counts.get(dek_id, 0)
        per_state[state] += 1
        per_state_values[state] += counts.get(dek_id, 0)
    listed = DataKey.objects.filter(subject=subject) if subject else (
        DataKey.objects.exclude(state=KeyState.ACTIVE) | DataKey.objects.filter(subject=SYSTEM_SUBJECT)
    )
    return {
        "backend": _backend(),
        "keks": [
            {"kek": kek, "data_keys": per_kek[kek.id], "values": per_kek_values[kek.id]}
            for kek in KeyEncryptionKey.objects.all()
        ],
        "dek_states": {state: (per_state[state], per_state_values[state]) for state in sorted(per_state)},
        "deks": [
            {"dek": dek, "values": counts.get(dek.id, 0)}
            for dek in listed.order_by("-created")[:LISTED_DEKS]
        ],
        "remaining": per_state_values[KeyState.RETIRED],
        "jobs": list(ReencryptionJob.objects.all()[:5]),
    }
