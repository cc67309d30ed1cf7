"""Signed checkpoints (CloudTrail-style digests): Ed25519 over the chain head, linked by signature."""

import json
from datetime import UTC

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.db import transaction
from django.utils import timezone

from audit import conf
from audit.models import ChainHead, Checkpoint


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(conf.signing_seed())


def public_key_hex(key: Ed25519PrivateKey | None = None) -> str:
    return (key or _private_key()).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def trusted_keys() -> set[str]:
    """Public keys whose signatures verify: the current one and those configured after a rotation."""
    return {public_key_hex(), *(key.hex() for key in conf.trusted_public_keys())}


def message(checkpoint: Checkpoint) -> bytes:
    """What a checkpoint's signature covers, the previous checkpoint's signature included."""
    fields = [
        checkpoint.number,
        checkpoint.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        checkpoint.from_seq,
        checkpoint.to_seq,
        checkpoint.event_count,
        checkpoint.head_hash,
        checkpoint.prev_signature,
        checkpoint.public_key,
    ]
    return json.dumps(fields, separators=(",", ":")).encode()


def checkpoint_create() -> Checkpoint:
    """Seal every event appended since the last checkpoint (an empty seal proves the log is alive)."""
    key = _private_key()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first() or ChainHead(pk=1)
        last = Checkpoint.objects.select_for_update().order_by("-number").first()
        from_seq = last.to_seq + 1 if last else 1
        checkpoint = Checkpoint(
            number=(last.number + 1) if last else 1,
            created_at=timezone.now(),
            from_seq=from_seq,
            to_seq=head.seq,
            event_count=head.seq - from_seq + 1,
            head_hash=head.hash,
            prev_signature=last.signature if last else "",
            public_key=public_key_hex(key),
        )
        checkpoint.signature = key.sign(message(checkpoint)).hex()
        checkpoint.save(force_insert=True)
    return checkpoint


def signature_valid(checkpoint: Checkpoint, trusted: set[str]) -> bool:
    if checkpoint.public_key not in trusted:
        return False
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.public_key))
        public.verify(bytes.fromhex(checkpoint.signature), message(checkpoint))
    except (InvalidSignature, ValueError):
        return False
    return True
