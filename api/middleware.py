import re
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.middleware import http
from django.utils.cache import patch_cache_control, patch_vary_headers

from api.errors import RETRY_AFTER_SECONDS, problem_response
from api.limits import OnClose, charge

# Where anonymous worker time is not counted: the curators' admin (behind its login),
# the health checks and static files. The API and the reader's pages are.
UNCOUNTED = ("/admin/", "/health/", "/static/")
# Control characters (C0, DEL and C1): no parameter of this API takes them.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class RequestLimitsMiddleware:
    """Refusals before any work: a body declared larger than the API accepts (413, before a
    byte of it is read, the connection closed), and query parameters holding control
    characters (400, naming them). Counts the worker time of anonymous requests to the API
    and the reader's pages against their address (``api.limits``), streamed answers when
    they end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.monotonic()
        refused = self.refusal(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if not request.path.startswith(UNCOUNTED):
            if response.streaming:
                response.streaming_content = OnClose(
                    response.streaming_content, lambda: charge(request, began)
                )
            else:
                charge(request, began)
        return response

    def refusal(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            response = problem_response(
                request,
                413,
                "The request body is larger than the "
                f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes this API accepts.",
            )
            response["Connection"] = "close"
            return response
        names = sorted(
            {
                name
                for name, values in request.GET.lists()
                if CONTROL.search(name) or any(CONTROL.search(value) for value in values)
            }
        )
        if names:
            return problem_response(
                request,
                400,
                "The request has invalid values; see errors.",
                errors={
                    CONTROL.sub("\ufffd", name): ["Control characters are not accepted."]
                    for name in names
                },
            )
        return None


class DatabaseUnavailableMiddleware:
    """A database outage anywhere answers 503 problem+json with Retry-After, never an HTML 500.

    DRF views already answer so through the exception handler; this covers the rest
    (the admin, the health checks, middleware that touches the database).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = problem_response(
                request, 503, "The database is unavailable; try again shortly."
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's ETag and If-None-Match handling (304), whose 412 for a GET with a stale
    If-Match answers as a problem, like every other error."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.status_code == 412 and not response.content:
            return problem_response(
                request, 412, "If-Match does not match the ETag of what this address answers."
            )
        return response


class PrivateAnswersMiddleware:
    """What the API answers depends on who asks: a shared cache must key it on the
    credentials, and never keep an answer given to a signed-in user (it may hold drafts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        patch_vary_headers(response, ("Authorization",))
        user = getattr(request, "user", None)
        if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True)
        return response
