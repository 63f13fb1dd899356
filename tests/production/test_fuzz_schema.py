"""Schemathesis drives every operation of the OpenAPI document through the WSGI app in-process,
for what the run over HTTP (``bin/fuzz-http``: anonymous, and a curator with every right)
cannot reach: a curator whose group may edit everything but publish only meetings.

Bounded (a fixed number of examples per operation, derandomized so a run repeats)
and on the test database. The schema is read when the test runs, not when tests are
collected. Checks: no server error, every status code and content type documented,
every response body conforming to its schema, and invalid input refused.
"""

import contextlib

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_user

SCHEMA_ACCEPT = {"Accept": "application/vnd.oai.openapi+json"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 15


fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@contextlib.contextmanager
def the_test_connection_kept():
    """Requests go through the WSGI handler, which closes database connections when a request
    ends; inside a test's transaction that would close the test's own connection. Django's
    test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    with the_test_connection_kept():
        yield


@pytest.fixture
def curator(db):
    return make_user("fuzz-curator", groups=["curators"], permissions=["diplomacy.publish_meeting"])


def fuzz_operation(operation, headers: dict) -> None:
    @fuzz
    @given(case=operation.as_strategy())
    def call(case):
        case.call_and_validate(checks=CHECKS, headers=headers)

    call()


@pytest.mark.django_db
def test_every_operation_as_a_curator_who_may_publish_only_meetings(curator):
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", get_wsgi_application(), headers=SCHEMA_ACCEPT
    )
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # Each operation starts with a token of its own (a logout revokes the one it is
        # given) and no throttling counts.
        headers = {"Authorization": f"Token {AuthToken.objects.create(user=curator)[1]}"}
        cache.clear()
        try:
            fuzz_operation(operation, headers)
        except Exception as failure:  # every operation is tried; all failures are reported
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
