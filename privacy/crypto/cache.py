"""A bounded, expiring in-process map for unwrapped data keys (never persisted)."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class TTLCache:
    def __init__(self, *, max_size: int, ttl: float, clock: Callable[[], float] = time.monotonic):
        self.max_size = max_size
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[object, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires <= self._clock():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: object, value: object, ttl: float | None = None) -> None:
        with self._lock:
            self._items[key] = (self._clock() + (self.ttl if ttl is None else ttl), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
