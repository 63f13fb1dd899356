"""A hand-written table of hostile requests: each gets its documented 4xx as problem+json
and changes nothing."""

import base64
import json

import pytest

from diplomacy.models import Actor, Citation, Meeting, Source, Statement, Topic
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

HUGE = "x" * 200_000
MEETING = '{"slug": "m", "title": "T", "format": "phone", "date_precision": "unknown", '
CITE = '"citations": [{"source": "china-leads-push-for-ceasefire", '


def unsigned_cursor(payload: dict) -> str:
    """A cursor as this API once wrote them, unsigned: values an attacker chose."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


FORGED = unsigned_cursor({"v": ["2023-01-01", 2**70], "r": False, "o": "date", "c": 99999})
FORGED_LIST = unsigned_cursor({"v": [["x"], "x"], "r": False, "o": "name", "c": 1})
MANY_PARAMETERS = {f"p{index}": "1" for index in range(1001)}

READS = [
    ("SQL in q", "/api/v1/statements/", {"q": "'; DROP TABLE diplomacy_statement; --"}, 200),
    ("SQL in a slug filter", "/api/v1/meetings/", {"actor": "wang-yi' OR '1'='1"}, 400),
    ("HTML in q", "/api/v1/meetings/", {"q": "<script>alert(1)</script>"}, 200),
    ("unicode in q", "/api/v1/statements/", {"q": "加沙 停火 ✊🏽 \u202e"}, 200),
    ("NUL byte in q", "/api/v1/statements/", {"q": "cease\x00fire"}, 400),
    ("huge q", "/api/v1/statements/", {"q": HUGE[:5000]}, 400),
    ("a thousand words in q", "/api/v1/statements/", {"q": " ".join(["word"] * 1000)}, 400),
    ("twenty words in q", "/api/v1/statements/", {"q": " ".join(["war"] * 20)}, 200),
    ("huge page_size", "/api/v1/meetings/", {"page_size": "10000000000000000000000"}, 400),
    ("negative page_size", "/api/v1/meetings/", {"page_size": "-1"}, 400),
    ("page_size null", "/api/v1/meetings/", {"page_size": "null"}, 400),
    ("page_size in superscript digits", "/api/v1/meetings/", {"page_size": "²"}, 400),
    ("garbled cursor", "/api/v1/meetings/", {"cursor": "eyJ2IjpbMV0sInIiOmZhbHNlfQ"}, 400),
    ("cursor of another shape", "/api/v1/meetings/", {"cursor": "W10"}, 400),
    ("forged cursor of the right shape", "/api/v1/meetings/", {"cursor": FORGED}, 400),
    ("forged cursor with a list", "/api/v1/actors/", {"cursor": FORGED_LIST}, 400),
    ("more than a thousand parameters", "/api/v1/meetings/", MANY_PARAMETERS, 400),
    ("negative offset", "/api/v1/meetings/", {"offset": "-5"}, 400),
    ("date out of range", "/api/v1/meetings/", {"date_from": "99999-01-01"}, 400),
    ("impossible date", "/api/v1/meetings/", {"date_to": "2023-02-30"}, 400),
    ("the calendar's first day", "/api/v1/meetings/", {"date_from": "0001-01-01"}, 200),
    ("the calendar's last day", "/api/v1/meetings/", {"date_to": "9999-12-31"}, 200),
    ("array-style parameter", "/api/v1/meetings/", {"actor[]": "wang-yi"}, 400),
    ("path traversal in a slug", "/api/v1/meetings/..%2F..%2Fetc%2Fpasswd/", {}, 404),
    ("dot segments in a slug", "/api/v1/sources/../../settings/", {}, 404),
    ("unicode slug", "/api/v1/actors/王毅/", {}, 404),
]


@pytest.mark.parametrize(("name", "url", "query", "status"), READS, ids=[r[0] for r in READS])
def test_hostile_reads(api, name, url, query, status):
    response = api.get(url, query)
    if status == 200:
        assert response.status_code == 200, response.content
        assert isinstance(response.json()["results"], list)
    else:
        assert_problem(response, status)
    assert Statement.objects.count() > 0  # nothing was dropped


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"])
@pytest.mark.parametrize("method", ["OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def test_the_documentation_pages_answer_any_method_without_a_server_error(api, url, method):
    api.raise_request_exception = False
    status = api.generic(method, url).status_code
    described = method == "OPTIONS" and url in ("/api/v1/", "/api/v1/schema/")
    assert status == 200 if described else 400 <= status < 500


def database_counts() -> tuple:
    return tuple(
        model.objects.count() for model in (Actor, Meeting, Statement, Topic, Source, Citation)
    )


WRITES = [
    ("malformed JSON", "/api/v1/topics/", '{"slug": "x", "name": ', "application/json", 400),
    ("JSON that is not an object", "/api/v1/topics/", "[1, 2, 3]", "application/json", 400),
    ("JSON null", "/api/v1/topics/", "null", "application/json", 400),
    (
        "wrong type for a string",
        "/api/v1/topics/",
        '{"slug": "t", "name": 5}',
        "application/json",
        400,
    ),
    (
        "wrong type for a list",
        "/api/v1/meetings/",
        MEETING + '"citations": "all"}',
        "application/json",
        400,
    ),
    (
        "huge string",
        "/api/v1/topics/",
        '{"slug": "t", "name": "' + "n" * 5000 + '"}',
        "application/json",
        400,
    ),
    ("bad slug", "/api/v1/topics/", '{"slug": "../etc", "name": "x"}', "application/json", 400),
    (
        "HTML in a name is data, but the slug rule holds",
        "/api/v1/topics/",
        '{"slug": "<b>", "name": "<b>x</b>"}',
        "application/json",
        400,
    ),
    ("deeply nested JSON", "/api/v1/topics/", "[" * 5000 + "]" * 5000, "application/json", 400),
    ("XML body", "/api/v1/topics/", "<topic/>", "application/xml", 415),
    ("form body", "/api/v1/topics/", "slug=x&name=y", "application/x-www-form-urlencoded", 415),
    (
        "unknown field",
        "/api/v1/topics/",
        '{"slug": "t", "name": "x", "is_admin": true}',
        "application/json",
        400,
    ),
    (
        "setting created_at",
        "/api/v1/topics/",
        '{"slug": "t", "name": "x", "created_at": "2000-01-01T00:00:00Z"}',
        "application/json",
        400,
    ),
    (
        "unknown key in a participant",
        "/api/v1/meetings/",
        MEETING
        + '"participants": [{"actor": "wang-yi", "role": "host", "rank": 1}], '
        + CITE
        + '"excerpt": "Han Zheng met with the delegation"}]}',
        "application/json",
        400,
    ),
    (
        "unknown key in a citation",
        "/api/v1/meetings/",
        MEETING + CITE + '"excerpt": "Han Zheng met with the delegation", "page": 2}]}',
        "application/json",
        400,
    ),
    (
        "unknown key in a location",
        "/api/v1/meetings/",
        MEETING
        + '"location": {"name": "Beijing", "planet": "Mars"}, '
        + CITE
        + '"excerpt": "Han Zheng met with the delegation"}]}',
        "application/json",
        400,
    ),
    (
        "excerpt not in the source",
        "/api/v1/meetings/",
        MEETING + CITE + '"excerpt": "<script>"}]}',
        "application/json",
        400,
    ),
    (
        "negative occurrence",
        "/api/v1/meetings/",
        MEETING + CITE + '"excerpt": "Wang", "occurrence": -1}]}',
        "application/json",
        400,
    ),
]


@pytest.mark.parametrize(
    ("name", "url", "body", "content_type", "status"), WRITES, ids=[w[0] for w in WRITES]
)
def test_hostile_writes_change_nothing(curator, name, url, body, content_type, status):
    before = database_counts()

    response = token_client(curator).generic("POST", url, body, content_type=content_type)

    assert_problem(response, status)
    assert database_counts() == before


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/meetings/", {"actor": "wang\x00yi"}),
        ("/api/v1/statements/", {"speaker": "wang\x00yi"}),
        ("/api/v1/resolutions/", {"voter": "united\x00states"}),
    ],
)
def test_a_nul_character_in_a_slug_filter_is_a_400(api, url, query):
    assert_problem(api.get(url, query), 400)


def test_a_nul_character_in_a_body_reference_is_a_400(curator):
    body = {"slug": "nul", "name": "N", "kind": "person", "affiliation": "chi\x00na"}
    response = token_client(curator).post("/api/v1/actors/", body, format="json")
    assert_problem(response, 400, "affiliation")


def test_two_creations_that_meet_in_the_database_are_a_409(curator, monkeypatch):
    from django.db import IntegrityError

    from diplomacy import services

    def stored_meanwhile(*args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "slug"')

    monkeypatch.setattr(services, "record_write", stored_meanwhile)
    response = token_client(curator).post(
        "/api/v1/topics/", {"slug": "raced", "name": "Raced"}, format="json"
    )
    assert "slug" in assert_problem(response, 409)["detail"]


PATCHES = [
    (
        "/api/v1/meetings/wang-yi-cohen-call/",
        {"citations": [{"excerpt": "x"}]},
        "citations.0.source",
    ),
    (
        "/api/v1/meetings/wang-yi-cohen-call/",
        {"participants": [{"role": "host"}]},
        "participants.0.actor",
    ),
    (
        "/api/v1/resolutions/unsc-first-resolution-2023-11/",
        {"votes": [{"actor": "china"}]},
        "votes.0.position",
    ),
    (
        "/api/v1/resolutions/unsc-first-resolution-2023-11/",
        {"citations": [{}]},
        "citations.0.excerpt",
    ),
    ("/api/v1/meetings/wang-yi-cohen-call/", {"location": {"country": "0"}}, "location.country"),
]


@pytest.mark.parametrize(("url", "body", "field"), PATCHES)
def test_a_partial_update_with_an_incomplete_nested_item_is_a_400(superuser, url, body, field):
    before = database_counts()
    response = token_client(superuser).patch(url, body, format="json")
    assert_problem(response, 400, field)
    assert database_counts() == before


def test_a_replacement_may_send_back_the_fixed_fields_it_read(superuser):
    client = token_client(superuser)
    url = "/api/v1/sources/china-leads-push-for-ceasefire/"
    source = client.get(url).json()
    note = {"correction_note": "Nothing changed."}
    same = {"slug": source["slug"], "text": source["text"], **note}
    assert client.patch(url, same, format="json").status_code == 200
    changed = client.patch(url, {"text": source["text"] + "!", **note}, format="json")
    assert_problem(changed, 400, "text")


def test_an_empty_reference_is_refused_not_taken_for_null(curator):
    body = {"slug": "empty-affiliation", "name": "A", "kind": "person", "affiliation": ""}
    assert_problem(
        token_client(curator).post("/api/v1/actors/", body, format="json"), 400, "affiliation"
    )


def test_a_list_of_20000_participants_is_refused_before_any_item_is_read(
    superuser, django_assert_max_num_queries
):
    participants = [{"actor": f"actor-{n}", "role": "guest"} for n in range(20_000)]
    client = token_client(superuser)
    with django_assert_max_num_queries(12):  # authentication and the record, not the items
        response = client.patch(
            "/api/v1/meetings/wang-yi-cohen-call/", {"participants": participants}, format="json"
        )
    assert_problem(response, 400, "participants")


def test_repeated_actors_are_found_in_linear_time():
    from diplomacy.services import _refuse_repeats

    slugs = [f"actor-{n}" for n in range(100_000)] + ["actor-7"]
    with pytest.raises(Exception, match="repeated: actor-7"):
        _refuse_repeats("participants", slugs)  # quadratic counting would take minutes


@pytest.mark.parametrize("query", ["-" * 33, "a " + "-" * 40 + "b", "!" * 21])
def test_a_search_of_many_symbols_is_a_400(api, query):
    # On PostgreSQL 33 hyphens overflowed the websearch parser: a 500.
    assert_problem(api.get("/api/v1/statements/", {"q": query}), 400, "q")


def test_a_cursor_answers_only_the_query_and_viewer_it_was_issued_for(api, superuser):
    from urllib.parse import parse_qs, urlsplit

    def cursor_of(page: dict) -> str:
        return parse_qs(urlsplit(page["next"]).query)["cursor"][0]

    cursor = cursor_of(api.get("/api/v1/meetings/", {"page_size": 1}).json())
    other_query = api.get("/api/v1/meetings/", {"page_size": 1, "country": "QA", "cursor": cursor})
    assert "another query" in str(assert_problem(other_query, 400, "cursor"))
    # Another page size is the same query.
    assert api.get("/api/v1/meetings/", {"page_size": 2, "cursor": cursor}).status_code == 200

    curators = token_client(superuser).get("/api/v1/meetings/", {"page_size": 1}).json()
    curator_cursor = cursor_of(curators)
    shared = api.get("/api/v1/meetings/", {"page_size": 1, "cursor": curator_cursor})
    assert_problem(shared, 400, "cursor")
