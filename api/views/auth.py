from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.views import LoginView, LogoutAllView, LogoutView
from rest_framework import serializers
from rest_framework.authentication import BasicAuthentication

from api.authentication import TokenAuthentication
from api.errors import login_locked_out
from api.throttling import LoginRateThrottle


class TokenLoginView(LoginView):
    """Exchange a curator's username and password (HTTP Basic) for an expiring API token."""

    authentication_classes = [BasicAuthentication]
    throttle_classes = [LoginRateThrottle]

    def initial(self, request, *args, **kwargs):
        # Throttle first: wrong passwords are refused (401) before DRF would throttle.
        self.check_throttles(request)
        self.throttles_checked = True
        super().initial(request, *args, **kwargs)

    def check_throttles(self, request):
        if not getattr(self, "throttles_checked", False):
            super().check_throttles(request)

    def handle_exception(self, exc):
        # django-axes marks the request it was given (DRF's) when the address or the
        # username is locked out: then even the right password gets 429, not a token.
        if getattr(self.request, "axes_locked_out", False):
            return login_locked_out(self.request)
        return super().handle_exception(exc)

    @extend_schema(
        summary="Get an API token",
        description="Send the username and password with HTTP Basic; the token is shown once.",
        request=None,
        responses={
            200: inline_serializer(
                "Token",
                {
                    "token": serializers.CharField(
                        help_text="Send as `Authorization: Token <token>`."
                    ),
                    "expiry": serializers.DateTimeField(),
                },
            ),
            401: OpenApiResponse(description="Wrong or missing credentials."),
        },
    )
    def post(self, request, format=None):
        return super().post(request, format=format)


@extend_schema(
    summary="Revoke this token",
    description="The token sent with this request stops working at once.",
    request=None,
    responses={204: None},
)
class TokenLogoutView(LogoutView):
    authentication_classes = [TokenAuthentication]


@extend_schema(
    summary="Revoke every token of this user",
    description="Every token of the user sending this request stops working at once.",
    request=None,
    responses={204: None},
)
class TokenLogoutAllView(LogoutAllView):
    authentication_classes = [TokenAuthentication]
