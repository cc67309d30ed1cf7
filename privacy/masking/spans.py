"""Where personal data sits in a free text, remembered per text for the life of the process.

Every page runs the detectors over the subjects and comments it shows, and the same texts come
back request after request. What they find depends on the text and the detector configuration,
never on the viewer, so the presenter asks here instead: the spans are kept in process memory,
bounded, under a keyed hash of the text (a key drawn at start-up and never stored), so neither the
text nor a plain hash of it is kept, and nothing is written anywhere. Masking decisions are not
remembered: the presenter applies the current policy to these spans on every request.
"""

import hashlib
import os
import threading
from typing import NamedTuple

from privacy.classifications import SPAN_CLASSIFICATIONS
from privacy.detect import custom, detect

MAX_TEXTS = 20_000
_KEY = os.urandom(32)


class Found(NamedTuple):
    start: int
    end: int
    classification: str


_lock = threading.Lock()
_memo: dict[bytes, tuple[Found, ...]] = {}
_configuration: tuple = ()


def personal_spans(text: str) -> tuple[Found, ...]:
    """The spans of `text` that masking knows a classification for, in order."""
    memo = _memo  # a late write after `forget_if_detectors_changed` lands in the dropped dict
    digest = hashlib.blake2b(text.encode(), key=_KEY, digest_size=16).digest()
    found = memo.get(digest)
    if found is None:
        found = tuple(
            Found(span.start, span.end, SPAN_CLASSIFICATIONS[span.type])
            for span in detect(text)
            if span.type in SPAN_CLASSIFICATIONS
        )
        with _lock:
            if len(memo) >= MAX_TEXTS:
                del memo[next(iter(memo))]  # the oldest entry
            memo[digest] = found
    return found


def forget_if_detectors_changed() -> None:
    """Drop every remembered text when the admin-defined patterns differ from those the spans were
    found with (a custom span can shadow a built-in one). Called once per presenter."""
    global _configuration, _memo
    configuration = custom.configuration()
    if configuration != _configuration:
        with _lock:
            _memo, _configuration = {}, configuration
