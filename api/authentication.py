from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from api.throttling import refused_credentials_throttled


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's API tokens; a refused token counts against the client address's anonymous
    limit, so guessing tokens is throttled like any anonymous request (429)."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            refused_credentials_throttled(request)
            raise


class TokenScheme(KnoxTokenScheme):
    """Documented as knox's scheme (drf-spectacular matches the class exactly)."""

    target_class = "api.authentication.TokenAuthentication"
