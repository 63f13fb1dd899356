"""Schemathesis drives every operation of the OpenAPI document through the WSGI app in-process.

Bounded (a fixed number of examples per operation, derandomized so a run repeats)
and on the test database, as an anonymous client and as a curator with a token.
Checks: no server error, every status code and content type documented, every
response body conforming to its schema, and invalid input refused.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
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

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/", get_wsgi_application(), headers=SCHEMA_ACCEPT
)
fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the WSGI handler, which closes database connections when a request
    ends; inside a test's transaction that would close the test's own connection. Django's
    test client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def curator_token(db):
    from knox.models import AuthToken

    user = make_user("fuzz-curator", groups=["curators"], permissions=["diplomacy.publish_meeting"])
    return AuthToken.objects.create(user=user)[1]


@pytest.mark.django_db
@schema.parametrize()
@fuzz
def test_every_operation_as_an_anonymous_client(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@fuzz
def test_every_operation_as_a_curator(case, curator_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {curator_token}"})
