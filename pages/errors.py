"""Django's error handlers: the API's addresses answer problem+json (``api.errors``), a
reader's pages answer a page."""

from api import errors as api_errors
from pages import views
from pages.problems import problem_page

API_PREFIXES = ("/api/", "/admin/", "/health/", "/static/")


def for_api(request) -> bool:
    return request.path.startswith(API_PREFIXES)


def bad_request(request, exception=None):
    if for_api(request):
        return api_errors.bad_request(request, exception)
    return views.bad_request(request, exception)


def not_found(request, exception=None):
    if for_api(request):
        return api_errors.not_found(request, exception)
    return views.not_found(request, exception)


def server_error(request):
    if for_api(request):
        return api_errors.server_error(request)
    return problem_page(request, 500, "Something went wrong on our side; it has been logged.")
