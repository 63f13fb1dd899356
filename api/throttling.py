from rest_framework.throttling import UserRateThrottle


class AuthenticatedRateThrottle(UserRateThrottle):
    """The per-user limit, for signed-in users only; AnonRateThrottle counts everyone else.

    DRF's UserRateThrottle also counts anonymous clients by address, which would
    hold them to the user limit as well as the anonymous one.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
