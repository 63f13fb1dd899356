"""The shared cache (Redis), failing fast while Redis is down.

Each call waits at most ``REDIS_TIMEOUT_SECONDS`` (the client's socket timeouts); after a
call fails, every call in this worker fails at once for ``REDIS_RETRY_SECONDS``, so a hung
Redis costs one request a timeout and the others nothing. Callers catch the error and go
on without the cache (pages built afresh, throttles counted in the worker).

Only the cache's public methods are wrapped; Django builds the client and its connection
pool (one per thread of a worker, which gunicorn's threads keep for their life).
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
    # Per worker process, shared by its threads: when each location failed last.
    down_until: dict[str, float] = {}
    lock = threading.Lock()

    def __init__(self, server, params):
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)

    def call(self, method, *args, **kwargs):
        if time.monotonic() < self.down_until.get(self.location, 0.0):
            raise RedisUnavailable(f"{self.location} failed less than a moment ago")
        try:
            return method(*args, **kwargs)
        except Exception as error:
            pause = settings.REDIS_RETRY_SECONDS
            with self.lock:
                self.down_until[self.location] = time.monotonic() + pause
            logger.warning("Redis failed (%r); this worker leaves it alone for %s s", error, pause)
            raise

    def get(self, *args, **kwargs):
        return self.call(super().get, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self.call(super().set, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self.call(super().add, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self.call(super().incr, *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self.call(super().decr, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self.call(super().delete, *args, **kwargs)
