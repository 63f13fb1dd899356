"""What one request, one client, or all of them may cost (docs/configuration.md, "Limits"),
each read from its setting here.

- ``time_limit``: SQL that runs longer than ``QUERY_TIME_LIMIT_MS`` is stopped
  (PostgreSQL's ``statement_timeout``; on SQLite a progress handler, as Datasette does),
  and the request answers 503 with Retry-After instead of holding a worker.
- ``export_slot``: exports streaming at once, per client address and in all.
- ``WorkerTimeThrottle`` and ``charge``: seconds of a worker's time per anonymous client
  address and minute, counted after each answer, refused (429) once spent.
"""

import contextlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator

import psycopg.errors
from django.conf import settings
from django.db import OperationalError, connections
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.throttling import BaseThrottle

from api.throttling import add, client_address

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
# SQLite calls the progress handler every this many virtual machine instructions.
SQLITE_PROGRESS_STEPS = 10_000


class QueryTimedOut(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "timed_out"

    def __init__(self, milliseconds: int):
        super().__init__(
            f"The query took longer than the {milliseconds} ms this service gives one; narrow "
            "it with filters (a date window, a resource's slug) and try again."
        )
        self.wait = RETRY_AFTER_SECONDS


def timed_out(error: BaseException) -> bool:
    """Whether a database error is a time limit's doing."""
    cause = error.__cause__
    if isinstance(cause, psycopg.errors.QueryCanceled):
        return True
    return isinstance(error, OperationalError) and str(error) == "interrupted"


@contextlib.contextmanager
def time_limit(using: str) -> Iterator[None]:
    """Stop the block's SQL once it runs past ``QUERY_TIME_LIMIT_MS`` (QueryTimedOut).

    On PostgreSQL every statement of the app's connections has that limit already (their
    ``statement_timeout``, diplomacy/settings.py); on SQLite a progress handler
    interrupts the block's statements once its deadline has passed.
    """
    milliseconds = settings.QUERY_TIME_LIMIT_MS
    connection = connections[using]
    try:
        if connection.vendor == "sqlite" and milliseconds > 0:
            deadline = time.monotonic() + milliseconds / 1000
            connection.ensure_connection()
            raw = connection.connection
            raw.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_PROGRESS_STEPS)
            try:
                yield
            finally:
                raw.set_progress_handler(None, 0)
        else:
            yield
    except OperationalError as error:
        if timed_out(error):
            raise QueryTimedOut(milliseconds) from error
        raise


class OnClose:
    """An answer's body that calls ``closed`` once, when the server closes it: at the end,
    or when the client goes away first (WSGI calls ``close`` in both cases)."""

    def __init__(self, body: Iterable, closed: Callable[[], None]):
        self.body = body
        self.closed = closed

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        closed, self.closed = self.closed, None
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            if closed is not None:
                closed()


SLOT_SECONDS = 3600  # a slot left taken by a killed process frees itself after an hour


class TooManyExports(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "As many exports as this service streams at once are under way; try again."

    def __init__(self):
        super().__init__()
        self.wait = RETRY_AFTER_SECONDS


def export_slot(request) -> Callable[[], None]:
    """Take a slot for an export, or refuse: 429 when this client address streams
    ``EXPORTS_PER_CLIENT`` already, 503 when all clients stream ``EXPORTS_TOTAL``. The
    function returned gives the slot back."""
    keys = (f"exports:{client_address(request)}", "exports:all")
    taken = [add(key, 1, SLOT_SECONDS) for key in keys]

    def release() -> None:
        for key in keys:
            add(key, -1, SLOT_SECONDS)

    if taken[0] > settings.EXPORTS_PER_CLIENT:
        release()
        raise Throttled(
            RETRY_AFTER_SECONDS,
            detail=f"This address already streams {settings.EXPORTS_PER_CLIENT} exports; "
            "finish one first.",
        )
    if taken[1] > settings.EXPORTS_TOTAL:
        release()
        raise TooManyExports()
    return release


WINDOW_SECONDS = 60


def budget_key(request, window: int) -> str:
    return f"worker-ms:{client_address(request)}:{window}"


class WorkerTimeThrottle(BaseThrottle):
    """An anonymous client address may use ``ANONYMOUS_WORKER_SECONDS`` of a worker's time a
    minute; once spent, its requests are refused (429) until the minute is over."""

    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self.seconds_left = (window + 1) * WINDOW_SECONDS - now
        spent = add(budget_key(request, window), 0, WINDOW_SECONDS)
        return spent < settings.ANONYMOUS_WORKER_SECONDS * 1000

    def wait(self) -> float:
        return math.ceil(self.seconds_left)


def charge(request, began: float) -> None:
    """Count the worker time an anonymous request took against its address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return
    spent = int((time.monotonic() - began) * 1000)
    if spent > 0:
        add(budget_key(request, int(time.time() // WINDOW_SECONDS)), spent, WINDOW_SECONDS)
