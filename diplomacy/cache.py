"""The shared cache (Redis): one connection pool per worker, failing fast while Redis is down.

Django builds a cache object per thread, and under the ASGI worker every request
has a thread of its own: without sharing, each request would open (and health-check)
a new Redis connection. Here the client, and its connection pool, is one per process.

Each call waits at most ``REDIS_TIMEOUT_SECONDS``; after a call fails, every call in
this worker fails at once for ``REDIS_RETRY_SECONDS``, so a hung Redis costs one
request a timeout and the others nothing. Callers catch the error and go on without
the cache (pages built afresh, throttles counted in the worker).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class RedisUnavailable(ConnectionError):
    """Redis failed a moment ago; it is not asked again until the pause is over."""


class FailFastRedisCache(RedisCache):
    # Per worker process, shared by its threads.
    _clients: dict[tuple, object] = {}
    _down_until: dict[str, float] = {}
    _lock = threading.Lock()

    @property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        client = self._clients.get(key)
        if client is None:
            with self._lock:
                client = self._clients.setdefault(key, self._class(self._servers, **self._options))
        return client

    def _call(self, method, *args, **kwargs):
        location = self._servers[0]
        if time.monotonic() < self._down_until.get(location, 0.0):
            raise RedisUnavailable(f"{location} failed less than a moment ago")
        try:
            return method(*args, **kwargs)
        except Exception as error:
            pause = settings.REDIS_RETRY_SECONDS
            with self._lock:
                self._down_until[location] = time.monotonic() + pause
            logger.warning("Redis failed (%r); this worker leaves it alone for %s s", error, pause)
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
