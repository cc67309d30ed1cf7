"""Every KMS backend against the real thing: wrap, unwrap, rotate, rewrap, revoke, destroy."""

import os
import uuid

import pytest

from privacy.crypto import health
from privacy.crypto.backends import get_backend
from privacy.crypto.exceptions import CryptoError, DecryptionFailed, KeyUnavailable

pytestmark = pytest.mark.django_db

DEK = os.urandom(32)
CONTEXT = f"sealdesk-dek:{uuid.uuid4()}".encode()


def test_it_wraps_and_unwraps_a_data_key(kms):
    backend = get_backend()
    ref = backend.current_key_ref()
    wrapped = backend.wrap(key_ref=ref, dek=DEK, context=CONTEXT)
    assert DEK not in wrapped
    assert backend.unwrap(key_ref=ref, wrapped=wrapped, context=CONTEXT) == DEK


def test_it_refuses_a_wrapped_key_under_another_context(kms):
    backend = get_backend()
    ref = backend.current_key_ref()
    wrapped = backend.wrap(key_ref=ref, dek=DEK, context=CONTEXT)
    with pytest.raises(CryptoError):
        backend.unwrap(key_ref=ref, wrapped=wrapped, context=b"sealdesk-dek:other")


def test_it_refuses_a_tampered_wrapped_key(kms):
    backend = get_backend()
    ref = backend.current_key_ref()
    wrapped = bytearray(backend.wrap(key_ref=ref, dek=DEK, context=CONTEXT))
    wrapped[-2] ^= 0x01
    with pytest.raises((DecryptionFailed, CryptoError)):
        backend.unwrap(key_ref=ref, wrapped=bytes(wrapped), context=CONTEXT)


def test_it_rewraps_under_a_new_key_version(kms, settings):
    backend = get_backend()
    old = backend.current_key_ref()
    wrapped = backend.wrap(key_ref=old, dek=DEK, context=CONTEXT)
    if kms == "local":
        settings.SEALDESK_LOCAL_KEK = (os.urandom(32), *settings.SEALDESK_LOCAL_KEK)
        backend = get_backend()
    new = backend.create_key()
    assert new != old
    rewrapped = backend.rewrap(old_ref=old, new_ref=new, wrapped=wrapped, context=CONTEXT)
    assert backend.unwrap(key_ref=new, wrapped=rewrapped, context=CONTEXT) == DEK


def test_it_reports_health_without_key_material(kms, settings):
    report = health()
    assert report["ok"] is True and report["backend"] == kms
    text = repr(report) + repr(get_backend().describe())
    for secret in (settings.SEALDESK_PKCS11_PIN, settings.SEALDESK_VAULT_TOKEN):
        if secret and kms != "local":
            assert secret not in text


@pytest.mark.integration
def test_it_keeps_the_hsm_key_non_extractable(softhsm, settings):
    from pkcs11 import Attribute

    from tests.privacy.crypto.conftest import _use_pkcs11

    _use_pkcs11(settings, softhsm, f"kek-{uuid.uuid4()}")
    backend = get_backend()
    handle = backend._handle(backend.current_key_ref())
    assert handle[Attribute.EXTRACTABLE] is False and handle[Attribute.SENSITIVE] is True


@pytest.mark.integration
def test_it_destroys_the_hsm_key(softhsm, settings):
    from tests.privacy.crypto.conftest import _use_pkcs11

    _use_pkcs11(settings, softhsm, f"kek-{uuid.uuid4()}")
    backend = get_backend()
    ref = backend.current_key_ref()
    wrapped = backend.wrap(key_ref=ref, dek=DEK, context=CONTEXT)
    backend.destroy(key_ref=ref, keep_refs=[])
    with pytest.raises(KeyUnavailable):
        backend.unwrap(key_ref=ref, wrapped=wrapped, context=CONTEXT)


@pytest.mark.integration
def test_it_revokes_and_restores_old_versions_in_vault(openbao, settings):
    from tests.privacy.crypto.conftest import _use_vault

    _use_vault(settings, openbao, f"kek-{uuid.uuid4()}")
    backend = get_backend()
    v1 = backend.current_key_ref()
    wrapped = backend.wrap(key_ref=v1, dek=DEK, context=CONTEXT)
    v2 = backend.create_key()
    backend.enforce_revocations(live_refs=[v2])
    with pytest.raises(KeyUnavailable):
        backend.unwrap(key_ref=v1, wrapped=wrapped, context=CONTEXT)
    backend.enforce_revocations(live_refs=[v1, v2])
    assert backend.unwrap(key_ref=v1, wrapped=wrapped, context=CONTEXT) == DEK


def test_it_says_when_vault_is_unreachable(settings):
    settings.SEALDESK_KMS_BACKEND = "vault"
    settings.SEALDESK_VAULT_ADDR = "http://127.0.0.1:9"
    settings.SEALDESK_VAULT_TIMEOUT = 1.0
    report = health()
    assert report["ok"] is False and "unreachable" in report["detail"]


def test_it_says_when_the_hsm_library_is_missing(settings):
    settings.SEALDESK_KMS_BACKEND = "pkcs11"
    settings.SEALDESK_PKCS11_LIBRARY = "/nonexistent/libsofthsm2.so"
    report = health()
    assert report["ok"] is False and "library not found" in report["detail"]
