import os
import uuid

import pytest

from privacy.crypto import envelope
from privacy.crypto.exceptions import DecryptionFailed

KEY = os.urandom(32)
DEK_ID = uuid.uuid4()


def _seal(plaintext=b"hello", context=b"t:c:1"):
    return envelope.seal(key=KEY, dek_id=DEK_ID, plaintext=plaintext, context=context)


def test_it_round_trips_a_value():
    assert envelope.open_sealed(key=KEY, blob=_seal(), context=b"t:c:1") == b"hello"


def test_it_writes_version_dek_id_nonce_and_tag():
    blob = _seal(b"x" * 10)
    assert blob[0] == envelope.VERSION
    assert envelope.read_header(blob).dek_id == DEK_ID
    assert len(blob) == 1 + 16 + 12 + 10 + 16


def test_it_uses_a_fresh_nonce_each_time():
    assert _seal() != _seal()


def test_it_rejects_other_associated_data():
    with pytest.raises(DecryptionFailed):
        envelope.open_sealed(key=KEY, blob=_seal(), context=b"t:c:2")


@pytest.mark.parametrize("position", [0, 5, 20, 35, -1])
def test_it_rejects_tampered_bytes(position):
    blob = bytearray(_seal())
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        envelope.open_sealed(key=KEY, blob=bytes(blob), context=b"t:c:1")


def test_it_rejects_truncated_values():
    with pytest.raises(DecryptionFailed):
        envelope.read_header(b"\x01short")


def test_it_binds_table_column_and_row():
    assert envelope.bind("a", "b", 1) != envelope.bind("a", "b", 2) != envelope.bind("a", "c", 1)


def test_it_seals_and_opens_many_values_with_one_cipher_like_the_functions():
    cipher = envelope.Cipher(key=KEY, dek_id=DEK_ID)
    blob = cipher.seal(b"hello", b"t:c:1")
    assert envelope.open_sealed(key=KEY, blob=blob, context=b"t:c:1") == b"hello"
    assert cipher.open(_seal(), b"t:c:1") == b"hello"
    with pytest.raises(DecryptionFailed):
        cipher.open(blob, b"t:c:2")
    with pytest.raises(DecryptionFailed):
        envelope.Cipher(key=os.urandom(32), dek_id=DEK_ID).open(blob, b"t:c:1")


def test_it_reads_the_raw_dek_id_of_sealed_values_only():
    assert envelope.dek_id_bytes(_seal()) == DEK_ID.bytes
    assert envelope.dek_id_bytes(b"\x01" + DEK_ID.bytes) is None, "too short for a sealed value"
    assert envelope.dek_id_bytes(b"\x02" + _seal()[1:]) is None, "unknown format version"
