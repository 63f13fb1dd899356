"""Behaviour shared by every endpoint: errors, content negotiation, CORS, the root and the docs."""

import pytest
from django.core.management import call_command

from tests.api.helpers import assert_problem, walk

pytestmark = pytest.mark.django_db

LISTS = ["actors", "meetings", "statements", "resolutions", "sources", "topics", "figures"]


def test_the_root_lists_every_endpoint(api):
    root = api.get("/api/v1/").json()
    assert set(LISTS) <= set(root)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_refuses_an_unknown_parameter(api, name):
    body = assert_problem(api.get(f"/api/v1/{name}/", {"typo": "1"}), 400, "typo")
    assert "Accepted:" in body["errors"][0]["detail"]


def test_an_unknown_path_is_a_404_problem(api):
    assert_problem(api.get("/api/v1/nothing-here/"), 404)


def test_an_anonymous_write_is_a_401_problem_asking_for_a_token(api):
    response = api.post("/api/v1/meetings/", {}, format="json")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_a_method_an_address_does_not_offer_is_a_405_problem(api, admin_user):
    api.force_authenticate(admin_user)
    assert_problem(api.post("/api/v1/meetings/wang-yi-cohen-call/", {}, format="json"), 405)


def test_an_unacceptable_format_is_a_406_problem(api):
    assert_problem(api.get("/api/v1/meetings/", HTTP_ACCEPT="application/xml"), 406)


def test_any_origin_may_read(api):
    response = api.get("/api/v1/meetings/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_schema_and_docs_are_served(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/meetings/" in paths
    parameters = {p["name"]: p for p in paths["/api/v1/meetings/"]["get"]["parameters"]}
    assert {
        "actor",
        "date_from",
        "date_to",
        "country",
        "format",
        "topic",
        "source",
        "q",
        "cursor",
        "page_size",
        "ordering",
    } <= set(parameters)
    # Repeatable (OR): an array, one value per repetition of the parameter.
    assert parameters["format"]["explode"] is True
    assert parameters["format"]["schema"]["items"]["enum"] == [
        "in_person",
        "phone",
        "unspecified",
        "virtual",
    ]
    assert "400" in paths["/api/v1/meetings/"]["get"]["responses"]
    assert api.get("/api/v1/docs/").status_code == 200
    assert api.get("/api/v1/redoc/").status_code == 200


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_pages_load_nothing_from_other_hosts(api, page):
    import re

    response = api.get(page)
    html = response.content.decode()
    if page.endswith("redoc/"):
        # ReDoc's script would fetch its own logo from a CDN: the policy forbids it.
        assert "img-src 'self' data:" in response["Content-Security-Policy"]
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses, html
    assert [a for a in addresses if "//" in a and not a.startswith("http://testserver/")] == []


def test_the_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_the_schema_passes_openapi_spec_validator(api):
    from openapi_spec_validator import validate

    document = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    validate(document)


def test_every_operation_documents_its_error_statuses(api):
    document = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    expected = {
        "get": {"400", "401", "406", "429", "503"},
        "post": {"400", "401", "403", "406", "413", "415", "429", "503"},
        "put": {"400", "401", "403", "404", "413", "415", "429", "503"},
        "patch": {"400", "401", "403", "404", "413", "415", "429", "503"},
        "delete": {"401", "403", "404", "409", "429", "503"},
    }
    for path, operations in document["paths"].items():
        if path.startswith("/api/v1/auth/") or path == "/api/v1/schema/":
            continue
        for method, operation in operations.items():
            assert expected[method] <= set(operation["responses"]), (method, path)
            if method == "get" and "{slug}" in path:
                assert "404" in operation["responses"], path
                # A retracted record answers 410, but its history answers, with the reason.
                gone = "410" in operation["responses"]
                assert gone != path.endswith("/history/"), path


def every_ordering():
    from diplomacy.ordering import (
        ACTOR_ORDERINGS,
        FIGURE_ORDERINGS,
        MEETING_ORDERINGS,
        RESOLUTION_ORDERINGS,
        SOURCE_ORDERINGS,
        STATEMENT_ORDERINGS,
        TOPIC_ORDERINGS,
    )

    by_list = {
        "actors": ACTOR_ORDERINGS,
        "meetings": MEETING_ORDERINGS,
        "statements": STATEMENT_ORDERINGS,
        "resolutions": RESOLUTION_ORDERINGS,
        "sources": SOURCE_ORDERINGS,
        "topics": TOPIC_ORDERINGS,
        "figures": FIGURE_ORDERINGS,
    }
    return [
        (name, ordering)
        for name, orderings in by_list.items()
        for ordering in orderings
        if ordering != "relevance"  # needs q; walked in test_statements on PostgreSQL
    ]


@pytest.mark.parametrize(("name", "ordering"), every_ordering())
def test_next_and_previous_visit_every_record_once_in_every_ordering(api, name, ordering):
    url = f"/api/v1/{name}/"
    total = api.get(url, {"page_size": 200}).json()["count"]
    seen, _ = walk(api, f"{url}?page_size=2&ordering={ordering}")
    assert len(seen) == total == len(set(seen))

    last_page = api.get(url, {"page_size": 200, "ordering": ordering}).json()["results"][-2:]
    backwards, response = [], api.get(url, {"page_size": 2, "ordering": ordering}).json()
    while response["next"]:
        response = api.get(response["next"]).json()
    assert [r["slug"] for r in response["results"]] == [r["slug"] for r in last_page][
        -len(response["results"]) :
    ]
    while True:
        backwards = [r["slug"] for r in response["results"]] + backwards
        if not response["previous"]:
            break
        response = api.get(response["previous"]).json()
    assert backwards == seen


@pytest.mark.parametrize("resource", ["meetings", "statements", "actors", "resolutions"])
def test_the_filters_form_names_each_box_and_leaves_empty_ones_out(api, resource):
    import re

    html = api.get(f"/api/v1/{resource}/", HTTP_ACCEPT="text/html").content.decode()
    labels = dict(re.findall(r'<label[^>]*for="id_([a-z_]+)"[^>]*>([^<]*)</label>', html))
    assert labels["ordering"] == "Ordering:"
    assert "[invalid name]" not in html
    # On submit, empty boxes are disabled, so the browser leaves them out of the query.
    form = re.search(r'<form class="form" action="" method="get"[^>]*>', html).group(0)
    assert "field.disabled = true" in form
