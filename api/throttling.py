import logging

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FailOpen:
    """If the shared cache (Redis) is down, admit the request and log it: an outage of the
    throttling store must not become an outage of the API."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache client's own connection errors vary by backend
            logger.exception("Throttling cache unavailable; request admitted")
            return True


class AnonymousRateThrottle(FailOpen, AnonRateThrottle):
    """Requests per anonymous client address."""


class AuthenticatedRateThrottle(FailOpen, UserRateThrottle):
    """The per-user limit, for signed-in users only; AnonymousRateThrottle counts everyone else.

    DRF's UserRateThrottle also counts anonymous clients by address, which would
    hold them to the user limit as well as the anonymous one.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class LoginRateThrottle(FailOpen, SimpleRateThrottle):
    """Attempts at the token endpoint per client address, counted before credentials are read."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
