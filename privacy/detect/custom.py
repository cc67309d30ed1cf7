"""Admin-defined pattern types: a registry the privacy app can fill from a model or from settings.

Built-in detectors know their formats; a company's own identifiers ("Kundennummer K-123456", a
membership number) are known only to its admins. ``register_pattern`` adds such a type at run time;
``settings.SEALDESK_PII_PATTERNS`` (a list of dicts with the same keys) is read lazily on first use so
this package never needs Django to import. A pattern with a named group ``value`` marks only that
group, so "Kundennummer: (?P<value>K-\\d{6})" redacts the number and keeps the cue readable.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from privacy.detect.context import Context
from privacy.detect.spans import SPECIFICITY, Span

_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class CustomPattern:
    name: str
    regex: re.Pattern
    confidence: float
    validator: Callable[[str], bool] | None
    source: str


_lock = threading.Lock()
_patterns: dict[str, CustomPattern] = {}
_settings_loaded = False


def register_pattern(
    name: str,
    regex: str | re.Pattern,
    *,
    confidence: float = 0.9,
    flags: int = 0,
    validator: Callable[[str], bool] | None = None,
    source: str = "code",
) -> CustomPattern:
    """Add or replace the type ``name``. Raises ValueError for a bad name, regex or confidence."""
    if not _NAME.fullmatch(name) or name in SPECIFICITY:
        raise ValueError(f"{name!r} is not a usable type name (lower-case letters, digits, _; not a built-in type)")
    if not 0.0 < confidence <= 1.0:
        raise ValueError("confidence must be in (0, 1]")
    try:
        compiled = regex if isinstance(regex, re.Pattern) else re.compile(regex, flags)
    except re.error as exc:
        raise ValueError(f"invalid regular expression for {name!r}: {exc}") from exc
    if compiled.fullmatch(""):
        raise ValueError(f"the pattern for {name!r} matches the empty string")
    pattern = CustomPattern(name, compiled, confidence, validator, source)
    with _lock:
        _patterns[name] = pattern
    return pattern


def unregister_pattern(name: str) -> None:
    with _lock:
        _patterns.pop(name, None)


def replace_patterns(definitions: Iterable[dict], *, source: str) -> None:
    """Swap every pattern that came from ``source`` for ``definitions`` (for a model-backed admin list)."""
    with _lock:
        for name in [n for n, p in _patterns.items() if p.source == source]:
            del _patterns[name]
    for definition in definitions:
        register_pattern(source=source, **definition)


def configuration() -> tuple[CustomPattern, ...]:
    """The registered patterns as they are now: while this compares equal, ``detect`` finds the same spans."""
    _load_settings()
    return tuple(_patterns.values())


def registered_types() -> list[str]:
    _load_settings()
    return sorted(_patterns)


def _load_settings(*, force: bool = False) -> None:
    global _settings_loaded
    if _settings_loaded and not force:
        return
    _settings_loaded = True
    try:
        from django.conf import settings

        definitions = getattr(settings, "SEALDESK_PII_PATTERNS", None) or []
    except Exception:  # Django not installed or not configured: there are no settings to read
        return
    replace_patterns(definitions, source="settings")


def scan(ctx: Context, names: Iterable[str]) -> list[Span]:
    spans = []
    for name in names:
        pattern = _patterns.get(name)
        if pattern is None:
            continue
        for match in pattern.regex.finditer(ctx.text):
            group = "value" if "value" in pattern.regex.groupindex else 0
            start, end = match.span(group)
            if start < end and (pattern.validator is None or pattern.validator(match.group(group))):
                spans.append(Span(start, end, name, pattern.confidence, "custom"))
    return spans
