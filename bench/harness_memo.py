"""Memoized word folding and token hashing while the data set loads.

Both are pure functions of a word (and of the index key): caching them changes no stored byte,
and over 500k comments drawn from a few thousand words it removes most of the tokenizing cost.
The app's ingest path sees one message at a time, where the cache would not matter.
"""

import contextlib
import functools

from privacy.crypto import token_index, tokens


@contextlib.contextmanager
def memoized_words(max_size: int = 200_000):
    fold, index_value = tokens.fold, token_index.index_value
    tokens.fold = functools.lru_cache(maxsize=max_size)(fold)
    token_index.index_value = functools.lru_cache(maxsize=max_size)(index_value)
    try:
        yield
    finally:
        tokens.fold, token_index.index_value = fold, index_value


@contextlib.contextmanager
def memoized_token_values(max_size: int = 500_000):
    """Token index values of a text are the union of those of its sentences ('. ' is no part of
    a word, so splitting there never cuts a token): cache them per sentence."""
    values_for = token_index.TokenIndexField.values_for

    @functools.lru_cache(maxsize=max_size)
    def piece_values(field, piece: str) -> frozenset:
        return frozenset(values_for(field, piece))

    def memoized(field, text: str) -> list[int]:
        return sorted(frozenset().union(*(piece_values(field, p) for p in text.split(". "))))

    token_index.TokenIndexField.values_for = memoized
    try:
        yield
    finally:
        token_index.TokenIndexField.values_for = values_for


@contextlib.contextmanager
def memoized_tokens():
    with memoized_words(), memoized_token_values():
        yield
