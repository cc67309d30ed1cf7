"""``detect()``: run every detector over a text and return clean, non-overlapping spans."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from privacy.detect import (
    cards,
    credentials,
    custom,
    decoys,
    email,
    iban,
    letters,
    names,
    national_ids,
    network,
    phones,
    prefilter,
)
from privacy.detect.context import Context
from privacy.detect.numbers import scan_numbers
from privacy.detect.spans import DECOY, Span, resolve_overlaps

BUILTIN_TYPES = (
    "payment_card",
    "iban",
    "email",
    "phone",
    "national_id",
    "ip_address",
    "credential",
    "person_name",
)
SUPPORTED_COUNTRIES = ("US", "GB", "DE", "FR", "ES", "IT", "NL")
_LANGUAGE_COUNTRIES = {"en": ("US", "GB"), "de": ("DE",), "fr": ("FR",), "es": ("ES",), "it": ("IT",), "nl": ("NL",)}
MIN_CONFIDENCE = 0.5


def countries_for(locales: Iterable[str] | None) -> tuple[str, ...]:
    """Country codes from locales such as "de_DE", "en-GB", "FR" or a bare language "de"."""
    if locales is None:
        return SUPPORTED_COUNTRIES
    if isinstance(locales, str):
        locales = [locales]
    out: list[str] = []
    for locale in locales:
        parts = locale.replace("-", "_").split("_")
        if len(parts) > 1 and len(parts[-1]) == 2:
            found: tuple[str, ...] = (parts[-1].upper(),)
        elif parts[0].isupper() and len(parts[0]) == 2:
            found = (parts[0],)
        else:
            found = _LANGUAGE_COUNTRIES.get(parts[0].lower(), ())
        if not found:
            raise ValueError(f"unknown locale {locale!r}")
        out.extend(c for c in found if c not in out)
    return tuple(out)


def available_types() -> list[str]:
    return [*BUILTIN_TYPES, *custom.registered_types()]


def detect(
    text: str,
    *,
    types: Iterable[str] | None = None,
    locales: Iterable[str] | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Span]:
    """Personal data in ``text`` as spans sorted by start, never overlapping.

    ``types`` only filters the result: every built-in detector still runs so that, say, an e-mail
    address still shadows the digits inside it when only phones are asked for. ``locales`` limits
    national phone formats and national-id schemes to those countries (international numbers,
    cards, IBANs and e-mail are global).
    """
    known = available_types()
    wanted = set(known) if types is None else set(types)
    unknown = wanted - set(known)
    if unknown:
        raise ValueError(f"unknown type(s): {sorted(unknown)}")
    if not text:
        return []
    countries = countries_for(locales)
    ctx = Context(text)
    candidates = _builtin_candidates(ctx, countries)
    custom_names = [name for name in wanted if name not in BUILTIN_TYPES]
    if custom_names:
        candidates.extend(custom.scan(ctx, custom_names))
    return [
        span
        for span in resolve_overlaps(candidates)
        if span.type != DECOY and span.type in wanted and span.confidence >= min_confidence
    ]


@functools.lru_cache(maxsize=64)
def _classifiers(countries: tuple[str, ...]) -> tuple[list, dict, object]:
    """The numeric classifiers, the capital-letter handlers and the long-run gate for a set of countries, built once."""
    country_set = frozenset(countries)
    numeric = [
        decoys.classify,
        network.classify,
        cards.classify,
        national_ids.classify_for(country_set),
        phones.classify_for(countries),
    ]
    alnum = {"iban": iban.classify, **national_ids.alnum_handlers(country_set)}
    return numeric, alnum, prefilter.for_regions(countries)


def _builtin_candidates(ctx: Context, countries: tuple[str, ...]) -> list[Span]:
    numeric, alnum, gate = _classifiers(countries)
    candidates = scan_numbers(ctx, numeric, gate)
    candidates.extend(letters.scan(ctx, alnum))
    candidates.extend(email.scan(ctx))
    candidates.extend(network.scan_v6(ctx))
    candidates.extend(credentials.scan(ctx))
    candidates.extend(names.scan(ctx))
    return candidates
