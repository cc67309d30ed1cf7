"""Switch one privacy feature off in this process, for the on/off ratios.

- Encryption: `keyring.open_value` answers from a dictionary filled on first use, so the same
  rows, queries, templates and serializers run, but no data key is looked up and nothing is
  decrypted: the view sees plaintext as if the column held it.
- Access logging: every module's reference to `audit.services.record_event` becomes a no-op.
- Masking: the presenter hands every value through as stored (see `masking_off`).
"""

import contextlib
import sys

from privacy.crypto import keyring


@contextlib.contextmanager
def encryption_off():
    real = keyring.open_value
    plaintext: dict = {}

    def remembered(blob: bytes, *, context: bytes) -> bytes:
        key = (bytes(blob), context)
        value = plaintext.get(key)
        if value is None:
            value = plaintext[key] = real(blob, context=context)
        return value

    keyring.open_value = remembered
    try:
        yield
    finally:
        keyring.open_value = real


def _skip_event(**kwargs) -> None:
    return None


@contextlib.contextmanager
def access_log_off():
    from audit import services

    real = services.record_event
    patched = [m for m in list(sys.modules.values()) if getattr(m, "record_event", None) is real]
    for module in patched:
        module.record_event = _skip_event
    try:
        yield
    finally:
        for module in patched:
            module.record_event = real


@contextlib.contextmanager
def masking_off():
    """The presenter still runs (templates and serializers call it as usual) but hands every
    value through as stored: no classification, no span detection in free text, no masking,
    no reveal-grant lookup."""
    from privacy.masking.presenter import Presenter, Shown

    shown, text = Presenter.shown, Presenter.text
    Presenter.shown = lambda self, obj, field_name: Shown(getattr(obj, field_name))
    Presenter.text = lambda self, value: value
    try:
        yield
    finally:
        Presenter.shown, Presenter.text = shown, text
