from privacy.crypto.cache import TTLCache


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def test_it_expires_entries_after_the_ttl():
    clock = Clock()
    cache = TTLCache(max_size=10, ttl=5, clock=clock)
    cache.put("a", 1)
    clock.now = 4.9
    assert cache.get("a") == 1
    clock.now = 5.0
    assert cache.get("a") is None


def test_it_evicts_the_least_recently_used_entry():
    cache = TTLCache(max_size=2, ttl=60)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_it_clears_everything():
    cache = TTLCache(max_size=2, ttl=60)
    cache.put("a", 1)
    cache.clear()
    assert cache.get("a") is None
