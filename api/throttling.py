"""Request limits per client: counted atomically in the shared cache, per fixed window.

DRF's own throttles read a list of timestamps, append to it and write it back, so
concurrent requests overwrite each other's counts (1,000 requests on 8 threads
admitted 417 of a limit of 300). Here each request is one atomic increment of
the window's counter (Redis INCR). If Redis cannot be reached the count goes on in
the worker's own memory: each worker then admits up to the limit, but no limit
is lifted, the token endpoint's least of all.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)

# The cache that holds the counters while the shared one is unreachable.
FALLBACK_CACHE = "local"


def trusted(address: str) -> bool:
    """Whether ``address`` is a proxy whose X-Forwarded-For is believed: one of
    ``TRUSTED_PROXIES``, or the proxy ``bin/container serve`` starts, which reaches the app
    over a Unix socket (no address)."""
    if address == "":
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not one. A client reaching the app directly
    cannot change it by what it claims.

    The throttles and django-axes (``AXES_CLIENT_IP_CALLABLE``) both ask here; the proxy
    follows the same rule (``diplomacy/nginx.conf``, real_ip).
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not trusted(peer):
        return peer
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    for address in reversed(forwarded):
        if not trusted(address):
            return address
    return forwarded[0] if forwarded else peer


def count(key: str, seconds: int) -> int:
    """Add one to the counter ``key``, which lives ``seconds``, and return its value."""
    return add(key, 1, seconds)


def add(key: str, amount: int, seconds: int) -> int:
    """Add ``amount`` to the counter ``key`` (created at 0, living ``seconds``), atomically
    in the shared cache, or in this worker's while the shared one is unreachable."""
    try:
        return _increment(caches["default"], key, amount, seconds)
    except Exception as error:  # the cache client's own connection errors vary by backend
        # diplomacy.cache logs the failure once per pause, not once per request.
        logger.debug("Shared cache unavailable (%r); counting in this worker", error)
        return _increment(caches[FALLBACK_CACHE], key, amount, seconds)


def _increment(store, key: str, amount: int, seconds: int) -> int:
    # add() creates the counter only if it is missing (SET NX); incr() is atomic (INCRBY).
    store.add(key, 0, timeout=seconds + 1)
    try:
        return store.incr(key, amount)
    except ValueError:  # it expired between the two calls: this request opens the window
        store.add(key, amount, timeout=seconds + 1)
        return amount


class WindowCount:
    """At most ``num_requests`` per ``duration`` seconds per key, in fixed windows.

    Mixed into DRF's throttles, which parse the rate and name the key.
    """

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        return self.admit(self.get_cache_key(request, view))

    def admit(self, key: str | None) -> bool:
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.seconds_left = (window + 1) * self.duration - now
        return count(f"{key}:{window}", self.duration) <= self.num_requests

    def get_ident(self, request) -> str:
        return client_address(request)

    def wait(self) -> float:
        return self.seconds_left


class AnonymousRateThrottle(WindowCount, AnonRateThrottle):
    """Requests per anonymous client address."""


def refused_credentials_throttled(request) -> None:
    """Count a refused token against its address's anonymous limit: authentication runs
    before the throttles, so bad tokens would otherwise never be counted."""
    throttle = AnonymousRateThrottle()
    key = throttle.cache_format % {"scope": throttle.scope, "ident": throttle.get_ident(request)}
    if throttle.rate is not None and not throttle.admit(key):
        raise Throttled(throttle.wait())


class AuthenticatedRateThrottle(WindowCount, UserRateThrottle):
    """The per-user limit, for signed-in users only; AnonymousRateThrottle counts everyone else.

    DRF's UserRateThrottle also counts anonymous clients by address, which would
    hold them to the user limit as well as the anonymous one.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class LoginRateThrottle(WindowCount, AnonRateThrottle):
    """Attempts at the token endpoint per client address, counted before credentials are read.

    Beside it, django-axes locks out an address or a username after repeated failures.
    """

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
