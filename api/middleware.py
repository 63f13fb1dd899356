from django.db import InterfaceError, OperationalError

from api.errors import RETRY_AFTER_SECONDS, problem_response


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
