"""The Redis cache as an optimisation, never a dependency: while Redis is down every read is a
miss and every write is dropped, so pages, the API and the access log keep working from the
database (rate limits that count in the cache fail open for the outage; sign-in lock-out counts
in the database and does not)."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError)


def _fallback(name: str, default):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except OUTAGE as error:
            logger.warning("cache unavailable", extra={"operation": name, "error": type(error).__name__})
            if isinstance(default, type) and issubclass(default, Exception):
                raise default("cache unavailable") from None
            return default() if callable(default) else default

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE as error:
            logger.warning("cache unavailable", extra={"operation": "get", "error": type(error).__name__})
            return default

    get_many = _fallback("get_many", dict)
    has_key = _fallback("has_key", False)
    set = _fallback("set", None)
    add = _fallback("add", False)
    touch = _fallback("touch", False)
    set_many = _fallback("set_many", list)
    delete = _fallback("delete", False)
    delete_many = _fallback("delete_many", None)
    incr = _fallback("incr", ValueError)
    decr = _fallback("decr", ValueError)
    clear = _fallback("clear", False)
