"""One error shape for the whole API: RFC 9457 problem details (application/problem+json)."""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from drf_orjson_renderer.renderers import ORJSONRenderer as JSONRenderer
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from diplomacy.services import RecordInUse, SlugTaken, describe_records, record_owners

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
RETRY_AFTER_SECONDS = 30


def problem(status_code: int, detail: str, *, instance: str | None = None, errors=None) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return body


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This record was retracted."


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the server accepts."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it."


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with other records."


def problem_exception_handler(exc, context):
    """DRF's exception handler, answering every error as problem+json."""
    request = context.get("request")
    instance = request.path if request is not None else None

    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("Database unavailable: %s", exc)
        response = Response(
            problem(503, "The database is unavailable; try again shortly.", instance=instance),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        return as_problem(response, request)

    if isinstance(exc, SlugTaken):  # one of Django's validation errors, answered as a conflict
        exc = Conflict(exc.message_dict["slug"][0])
    elif isinstance(exc, DjangoValidationError):
        # Domain rules (diplomacy.services) speak Django; the API answers them like its own.
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied) and str(exc):
        # A domain rule's refusal (diplomacy.services) says which right is missing.
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, DataError):
        # A value the database cannot store or compare (a NUL character, say) is the client's.
        exc = exceptions.ValidationError(
            {"non_field_errors": ["A value cannot be stored: it holds a NUL or is out of range."]}
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(
            f"Too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}."
        )
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("The request could not be understood.")
    elif isinstance(exc, ProtectedError):
        exc = Conflict(
            str(exc.args[0])
            if isinstance(exc, RecordInUse)
            else "Other records refer to this one: "
            f"{describe_records(record_owners(exc.protected_objects))}; change them first."
        )
    elif isinstance(exc, IntegrityError):  # after ProtectedError, one of its kind
        # Two writes that each passed validation, then met in the database (one slug
        # posted twice at once): the second conflicts with what the first stored.
        exc = Conflict(
            "The record conflicts with one stored meanwhile (its slug, or another value "
            "that must be unique, is taken); read it again before retrying."
        )

    response = exception_handler(exc, context)
    if response is None:
        if isinstance(exc, DatabaseError):
            logger.exception("Database error")
        else:
            logger.exception("Unhandled error")
        response = Response(status=500)
        body = problem(500, "An unexpected error occurred; it has been logged.", instance=instance)
    elif isinstance(exc, exceptions.ValidationError):
        body = problem(
            response.status_code,
            "The request has invalid values; see errors.",
            instance=instance,
            errors=flatten_errors(exc.detail),
        )
    else:
        detail = getattr(exc, "detail", None) or HTTPStatus(response.status_code).description
        if isinstance(exc, (Http404, exceptions.NotFound)):
            detail = "No record at this address."
        elif isinstance(exc, PermissionDenied):
            detail = "You do not have permission to do this."
        body = problem(response.status_code, str(detail), instance=instance)
    response.data = body
    return as_problem(response, request)


def as_problem(response: Response, request) -> Response:
    """A problem is JSON, whatever format the request asked for (CSV, NDJSON, a feed); the
    browsable API alone shows it in its own HTML page, as text/html."""
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or renderer.format != "api":
        if renderer is not None and renderer.format != "json":
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = PROBLEM_CONTENT_TYPE
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


def flatten_errors(detail, prefix: str = "") -> list[dict]:
    """Turn DRF's nested error detail into a list of {"name", "detail"} pairs.

    ``name`` is the query parameter or body field at fault, dotted for nested
    fields (``citations.0.excerpt``); ``None`` when the error concerns the whole input.
    """
    if isinstance(detail, dict):
        flat = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            nested = f"{prefix}.{name}" if prefix and name else (name or prefix)
            flat += flatten_errors(value, nested)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [{"name": prefix or None, "detail": str(item)} for item in detail]
        flat = []
        for index, item in enumerate(detail):
            if item:
                flat += flatten_errors(item, f"{prefix}.{index}" if prefix else str(index))
        return flat
    return [{"name": prefix or None, "detail": str(detail)}]


def problem_response(request, status_code: int, detail: str, errors=None) -> HttpResponse:
    """A problem answered outside DRF's views: as JSON, or as a page to a browser.
    ``errors`` names each parameter at fault, as DRF's detail does (``flatten_errors``)."""
    errors = flatten_errors(errors) if errors else None
    body = problem(status_code, detail, instance=request.path, errors=errors)
    if request.get_preferred_type([PROBLEM_CONTENT_TYPE, "application/json", "text/html"]) == (
        "text/html"
    ):
        page = render_to_string("api/problem.html", {"problem": body}, request=request)
        return HttpResponse(page, status=status_code)
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once an address, or a username from it, has failed too often, or
    while a username's guesses are slowed (``api.logins``)."""
    wait = getattr(request, "login_backoff_seconds", None)
    if wait is not None:
        seconds = max(int(wait + 0.999), 1)
        detail = f"Too many failed logins for this username; try again in {seconds} seconds."
    else:
        seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
        detail = f"Too many failed logins; try again in {seconds // 60} minutes."
    response = problem_response(request, 429, detail)
    response["Retry-After"] = str(seconds)
    return response


def bad_request(request, exception=None):
    """Django's 400 handler, for requests refused before any view (a too-large body)."""
    if isinstance(exception, RequestDataTooBig):
        return problem_response(request, 413, "The request body is larger than the server accepts.")
    return problem_response(request, 400, "The request could not be understood.")


def not_found(request, exception=None):
    """Django's 404 handler: URLs that no view answers get the same problem shape."""
    return problem_response(request, 404, "No record or endpoint at this address.")


def server_error(request):
    return problem_response(request, 500, "An unexpected error occurred; it has been logged.")
