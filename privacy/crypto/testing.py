"""Helpers for test suites: throwaway keys per session, and a clean key memory per test."""

import os

from django.test.utils import override_settings

from . import keyring


def ephemeral_keys() -> override_settings:
    """Settings with a fresh local KEK and index key; `.enable()` it for a test session."""
    return override_settings(
        SEALDESK_KMS_BACKEND="local",
        SEALDESK_LOCAL_KEK=(os.urandom(32),),
        SEALDESK_INDEX_KEY=os.urandom(32),
    )


def forget_keys() -> None:
    """Drop cached DEKs; call between tests, since their database rows roll back."""
    keyring.forget_keys()
