"""Finding rows by encrypted values: index lookups narrowed to candidates, then confirmed by
decrypting them, so truncated-index collisions never reach the caller."""

from . import envelope, keyring
from .blind_index import BlindIndexField
from .exceptions import DecryptionFailed
from .fields import Sealed
from .marker import is_unavailable
from .token_index import TokenIndexField
from .tokens import tokenize


def _blind_index(model, name: str) -> BlindIndexField:
    field = model._meta.get_field(name)
    if isinstance(field, BlindIndexField):
        return field
    for candidate in model._meta.concrete_fields:
        if isinstance(candidate, BlindIndexField) and candidate.source == name:
            return candidate
    raise ValueError(f"{model._meta.label}.{name} has no blind index")


def _preload_keys(rows: list, sources: list[str]) -> None:
    """Unwrap the candidates' data keys with one query instead of one per candidate."""
    ids = set()
    for row in rows:
        for source in sources:
            value = row.__dict__.get(source)
            if isinstance(value, Sealed):
                try:
                    ids.add(envelope.read_header(value.data).dek_id)
                except DecryptionFailed:
                    continue
    keyring.preload(ids)


def find_exact(queryset, field_name: str, value: str) -> list:
    """Rows whose value equals `value` after normalization. `field_name` names the blind
    index or its source field."""
    field = _blind_index(queryset.model, field_name)
    index = field.compute(value)
    if index is None:
        return []
    wanted = field.normalized(value)
    found, candidates = [], list(queryset.filter(**{field.name: index}))
    _preload_keys(candidates, [field.source])
    for row in candidates:
        plain = getattr(row, field.source)
        if plain is not None and not is_unavailable(plain) and field.normalized(plain) == wanted:
            found.append(row)
    return found


def token_search(queryset, field_name: str, query: str):
    """Candidate rows whose token index holds every query word; confirm with `token_matches`."""
    field = queryset.model._meta.get_field(field_name)
    if not isinstance(field, TokenIndexField):
        raise ValueError(f"{queryset.model._meta.label}.{field_name} is not a token index")
    values = field.values_for(query)
    if not values:
        return queryset.none()
    return queryset.filter(**{f"{field_name}__contains_all": values})


def token_matches(instance, field_name: str, query: str) -> bool:
    """True when every query word occurs in the decrypted sources of the index."""
    field = instance._meta.get_field(field_name)
    texts = [getattr(instance, source) for source in field.sources]
    if any(is_unavailable(text) for text in texts):
        return False
    return tokenize(query) <= tokenize(" ".join(str(text) for text in texts if text))


def search(queryset, field_name: str, query: str, *, limit: int = 25) -> list:
    """Up to `limit` confirmed matches, in the queryset's order. Candidates are fetched a page
    at a time with LIMIT, so the database can stop early instead of sorting every candidate."""
    candidates, found, page, offset = token_search(queryset, field_name, query), [], max(limit * 2, 50), 0
    while len(found) < limit:
        rows = list(candidates[offset:offset + page])
        _preload_keys(rows, queryset.model._meta.get_field(field_name).sources)
        found += [row for row in rows if token_matches(row, field_name, query)]
        if len(rows) < page:
            break
        offset += page
    return found[:limit]
