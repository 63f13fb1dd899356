"""What one request or one client may cost (api.limits, docs/configuration.md): SQL stopped at its
time limit, exports counted per client and in all, worker time per anonymous address, and
refusals made before any work (an oversized body, control characters, a slug that is an
address of the API)."""

import itertools

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator

from api import limits
from api.limits import OnClose, QueryTimedOut, time_limit
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"
# A statement that runs for seconds on either database.
SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
    "SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(5)",
}


@pytest.fixture
def short_limit(settings):
    """A limit of 200 ms: SQLite's progress handler reads the setting; on PostgreSQL the
    connection's statement_timeout is set for the test's transaction."""
    settings.QUERY_TIME_LIMIT_MS = 200
    if not SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 200")


def test_sql_past_its_time_limit_is_stopped(short_limit):
    with pytest.raises(QueryTimedOut), time_limit("default"), connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])
    if SQLITE:  # the connection goes on serving, with no limit left behind
        with connection.cursor() as cursor:
            cursor.execute(SLOW["sqlite"].replace("100000000", "100000"))


@pytest.mark.skipif(SQLITE, reason="PostgreSQL's connections carry the limit")
def test_every_postgresql_statement_has_the_time_limit(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.QUERY_TIME_LIMIT_MS // 1000}s"


@pytest.fixture
def fast_clock(monkeypatch, settings):
    """A clock that moves a second each time it is read: SQLite's progress handler finds
    any deadline passed at once."""
    if not SQLITE:
        pytest.skip("SQLite's time limit is a progress handler reading the clock")
    ticks = itertools.count()

    class Clock:
        @staticmethod
        def monotonic():
            return float(next(ticks))

        time = staticmethod(__import__("time").time)

    monkeypatch.setattr(limits, "time", Clock)
    monkeypatch.setattr(limits, "SQLITE_PROGRESS_STEPS", 1)
    settings.QUERY_TIME_LIMIT_MS = 500


def test_a_list_past_its_time_limit_is_a_503_problem_with_retry_after(api, fast_clock):
    response = api.get("/api/v1/statements/", {"q": "ceasefire"})
    body = assert_problem(response, 503)
    assert "500 ms" in body["detail"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.skipif(
    not SQLITE,
    reason="a cancelled statement aborts the transaction each test runs in on PostgreSQL; "
    "the app reads in autocommit, where the next facet goes on",
)
def test_a_facet_past_its_time_limit_is_reported_as_timed_out(api, short_limit, monkeypatch):
    from api.facets import Facet

    counts = Facet.counts

    def slow_actors(self, rows, visibility, size):
        if self.name == "actor":
            with connection.cursor() as cursor:
                cursor.execute(SLOW[connection.vendor])
        return counts(self, rows, visibility, size)

    monkeypatch.setattr(Facet, "counts", slow_actors)
    answer = api.get("/api/v1/meetings/facets/", {"facet": ["actor", "kind", "topic"]}).json()
    assert answer["timed_out"] == ["actor"]
    assert set(answer["facets"]) == {"kind", "topic"} and answer["count"] > 0


def test_exports_at_once_are_bounded_per_client_and_in_all(api, settings):
    settings.EXPORTS_PER_CLIENT, settings.EXPORTS_TOTAL = 2, 3
    first, second = api.get("/api/v1/meetings.csv"), api.get("/api/v1/statements.csv")
    third = api.get("/api/v1/actors.csv")
    assert_problem(third, 429)
    assert int(third["Retry-After"]) > 0
    other = api.get("/api/v1/actors.csv", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    everyone = api.get("/api/v1/actors.csv", REMOTE_ADDR="192.0.2.8")
    assert_problem(everyone, 503)
    assert int(everyone["Retry-After"]) > 0
    # An export gives its slot back when its answer ends.
    for answer in (first, second, other):
        b"".join(answer.streaming_content)
    assert api.get("/api/v1/actors.csv").status_code == 200


def test_an_answer_closed_before_its_end_gives_its_slot_back_once():
    given_back = []
    body = OnClose(iter([b"a", b"b"]), lambda: given_back.append(1))
    next(iter(body))
    body.close()
    body.close()
    assert given_back == [1]


def test_a_database_outage_during_a_csv_request_is_a_json_problem(api, monkeypatch):
    from django.db import OperationalError

    from api.views import base

    def down(*args, **kwargs):
        raise OperationalError("the connection is closed")

    monkeypatch.setattr(base, "read", down)
    response = api.get("/api/v1/actors.csv", {"page_size": 5})
    assert_problem(response, 503)


def test_an_anonymous_address_has_a_budget_of_worker_time(api, curator, settings):
    settings.ANONYMOUS_WORKER_SECONDS = 0.001  # spent by the first request
    assert api.get("/api/v1/meetings/").status_code == 200
    refused = api.get("/api/v1/meetings/")
    assert_problem(refused, 429)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert api.get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.9").status_code == 200
    # Signed-in users spend their own limits, not the address's.
    assert token_client(curator).get("/api/v1/meetings/").status_code == 200


def test_a_body_declared_too_large_is_refused_before_it_is_read(api):
    """Not even the credentials are looked at: nothing of the body is read."""
    response = api.generic(
        "POST",
        "/api/v1/meetings/",
        b"",
        content_type="application/json",
        CONTENT_LENGTH="300000000",
    )
    assert_problem(response, 413)
    assert response["Connection"] == "close"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/schema/?version=%00",
        "/api/v1/schema/?version=1.0.0%0d%0aX-Injected:%20yes",
        "/api/v1/meetings/?q=cease%01fire",
        "/api/v1/changes/?since=1%0a",
        "/api/v1/snapshots/?x%00=1",
        "/health/ready?probe=%1b",
        "/api/v1/statements/?q=a%C2%85b",  # a C1 control: NEL
        "/api/v1/changes/?since=1%C2%9b",
    ],
)
def test_control_characters_in_a_query_are_a_400_problem(api, path):
    body = assert_problem(api.get(path), 400)
    assert body["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings/?q=%20",
        "/api/v1/sources/?outlet=%20%20",
        "/api/v1/meetings/facets/?facet=%E3%80%80",  # an ideographic space
        "/api/v1/changes/?since=%20",
        "/api/v1/meetings/feed/?country=%20",
    ],
)
def test_a_value_of_spaces_only_is_refused_not_read_as_no_filter(api, path):
    body = assert_problem(api.get(path), 400)
    assert "Empty value" in str(body["errors"])


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_root_and_documentation_pages_take_no_query_parameters(api, path):
    assert api.get(path).status_code == 200
    assert_problem(api.get(path, {"foo": "1"}), 400, "foo")


@pytest.mark.parametrize(
    "query",
    [
        {"version": '"; filename=evil.html'},
        {"version": "2.0.0"},
        {"lang": "xx"},
        {"lang": ["en", "en"]},
        {"format": "json"},
    ],
)
def test_the_openapi_document_takes_only_its_language_and_version(api, query):
    response = api.get("/api/v1/schema/", query)
    assert_problem(response, 400)
    assert "Content-Disposition" not in response


def test_the_openapi_document_is_generated_once(api, monkeypatch):
    generated = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        generated.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    monkeypatch.setattr("api.urls.SchemaView.documents", {})
    answers = [api.get("/api/v1/schema/", {"version": "1.0.0"}) for _ in range(3)]
    assert len(generated) == 1
    assert {answer.content for answer in answers} == {answers[0].content}
    assert answers[0]["Content-Disposition"] == (
        'inline; filename="Diplomacy event data API (1.0.0).yaml"'
    )


@pytest.mark.parametrize("slug", ["feed", "facets", "calendar"])
def test_an_address_of_the_api_is_refused_as_a_slug(client, superuser, slug):
    topic = {"slug": slug, "name": "A topic"}
    response = token_client(superuser).post("/api/v1/topics/", topic, format="json")
    body = assert_problem(response, 400, "slug")
    assert "address of the API" in str(body["errors"])
    client.force_login(superuser)
    form = client.post("/admin/diplomacy/topic/add/", {**topic, "status": "draft"})
    assert form.status_code == 200 and b"address of the API" in form.content


def test_every_address_beside_a_resources_records_is_a_refused_slug():
    """A route added later under a resource (/api/v1/meetings/<name>/) must be in
    ROUTE_NAMES, or a record could take its name."""
    from django.urls import get_resolver

    from diplomacy.validation import ROUTE_NAMES

    resources = ("actors", "meetings", "statements", "resolutions", "sources", "topics")
    resources += ("figures",)
    names = set()
    for pattern in get_resolver("api.urls").url_patterns:
        text = str(pattern.pattern).lstrip("^").removesuffix("$")
        parts = text.strip("/").split("/")
        if len(parts) == 2 and parts[0] in resources and "(" not in parts[1]:
            names.add(parts[1].split("\\.")[0])
    assert names and names <= ROUTE_NAMES, names - ROUTE_NAMES
