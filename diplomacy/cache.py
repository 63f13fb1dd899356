"""The shared cache (Redis), failing fast while it is down.

Each call waits at most ``REDIS_TIMEOUT_SECONDS``; after a call fails, every call in
this worker fails at once for ``REDIS_RETRY_SECONDS``, so a hung Redis costs one
request a timeout and the others nothing. Callers catch the error and go on without
the cache (pages built afresh, throttles counted in the worker).
"""

import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache


class RedisUnavailable(ConnectionError):
    """Redis failed a moment ago; it is not asked again until the pause is over."""


class FailFastRedisCache(RedisCache):
    # Per worker process, shared by its threads: Django builds a cache object per thread.
    _down_until: dict[str, float] = {}
    _lock = threading.Lock()

    def _call(self, method, *args, **kwargs):
        location = self._servers[0]
        if time.monotonic() < self._down_until.get(location, 0.0):
            raise RedisUnavailable(f"{location} failed less than a moment ago")
        try:
            return method(*args, **kwargs)
        except Exception:
            with self._lock:
                self._down_until[location] = time.monotonic() + settings.REDIS_RETRY_SECONDS
            raise

    def get(self, *args, **kwargs):
        return self._call(super().get, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call(super().set, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call(super().add, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call(super().incr, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call(super().delete, *args, **kwargs)
