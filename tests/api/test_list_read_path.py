"""The lean list path: at most three queries a page, and each record shaped as its serializer."""

import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api import pagination
from api.views.actors import ActorViewSet
from api.views.figures import FigureViewSet
from api.views.meetings import MeetingViewSet
from api.views.resolutions import ResolutionViewSet
from api.views.sources import SourceViewSet
from api.views.statements import StatementViewSet
from api.views.topics import TopicViewSet
from diplomacy import queries

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/actors/": ActorViewSet,
    "/api/v1/meetings/": MeetingViewSet,
    "/api/v1/statements/": StatementViewSet,
    "/api/v1/resolutions/": ResolutionViewSet,
    "/api/v1/figures/": FigureViewSet,
    "/api/v1/sources/": SourceViewSet,
    "/api/v1/topics/": TopicViewSet,
}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page_size", [1, 200])
def test_a_first_page_runs_at_most_three_queries(
    api, url, page_size, django_assert_max_num_queries
):
    api.get(url, {"page_size": page_size})  # a process's first JSON query probes the database
    # a bounded count, the page's rows, and every row's related records as JSON
    with django_assert_max_num_queries(3):
        assert api.get(url, {"page_size": page_size}).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_deep_page_runs_at_most_three_queries(api, url, django_assert_max_num_queries):
    link = api.get(url, {"page_size": 1}).json()["next"]
    for _ in range(3):
        link = api.get(link).json()["next"] or link
    with django_assert_max_num_queries(3):
        assert api.get(link).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_detail_runs_two_queries_like_a_page_of_one(api, url, django_assert_max_num_queries):
    slug = api.get(url, {"page_size": 1}).json()["results"][0]["slug"]
    api.get(f"{url}{slug}/")
    # the record's row, and its related records (counts too) as JSON, if it has any
    with django_assert_max_num_queries(2):
        assert api.get(f"{url}{slug}/").status_code == 200


# What each serializer needs to render a record (``diplomacy.queries``).
SERIALIZER_READS = {
    ActorViewSet: queries.actor_detail_for_api,
    MeetingViewSet: queries.meetings_for_api,
    StatementViewSet: queries.statements_for_api,
    ResolutionViewSet: queries.resolutions_for_api,
    FigureViewSet: queries.figures_for_api,
    SourceViewSet: queries.source_detail_for_api,
    TopicViewSet: queries.topics_for_api,
}


def documented(serializer_class, record, url) -> dict:
    request = Request(APIRequestFactory().get(url))
    return json.loads(
        JSONRenderer().render(serializer_class(record, context={"request": request}).data)
    )


@pytest.mark.parametrize(("url", "viewset"), LISTS.items())
def test_each_listed_record_is_exactly_what_its_serializer_documents(api, url, viewset):
    listed = api.get(url, {"page_size": 200}).json()["results"]
    slugs = [r["slug"] for r in listed]
    records = SERIALIZER_READS[viewset]().in_bulk(slugs, field_name="slug")
    assert listed
    for record in listed:
        assert record == documented(viewset.serializer_class, records[record["slug"]], url)


@pytest.mark.parametrize(("url", "viewset"), LISTS.items())
def test_each_detail_is_exactly_what_its_serializer_documents(api, url, viewset):
    listed = api.get(url, {"page_size": 200}).json()["results"]
    records = SERIALIZER_READS[viewset]().in_bulk([r["slug"] for r in listed], field_name="slug")
    serializer_class = viewset.detail_serializer_class or viewset.serializer_class
    for item in listed:
        detail = api.get(f"{url}{item['slug']}/").json()
        assert detail == documented(serializer_class, records[item["slug"]], url)


def test_the_count_is_exact_up_to_the_limit_and_null_beyond(api, monkeypatch):
    total = api.get("/api/v1/statements/").json()["count"]
    assert total == 72
    monkeypatch.setattr(pagination, "COUNT_LIMIT", total)
    assert api.get("/api/v1/statements/").json()["count"] == total
    monkeypatch.setattr(pagination, "COUNT_LIMIT", total - 1)
    page = api.get("/api/v1/statements/").json()
    assert page["count"] is None
    assert len(page["results"]) == 50


def test_later_pages_repeat_the_first_pages_count_without_counting_again(
    api, django_assert_max_num_queries
):
    first = api.get("/api/v1/statements/", {"page_size": 10}).json()
    with django_assert_max_num_queries(2) as context:
        second = api.get(first["next"]).json()
    assert second["count"] == first["count"] == 72
    assert not any("COUNT(" in query["sql"] for query in context.captured_queries)
