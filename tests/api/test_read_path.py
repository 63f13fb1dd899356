"""The one read path: every list and detail renders its resource's one declared shape.

Built for the edge cases as well as the seed data: undated and open-ended records,
nulls in every nullable field, many participants, unicode names, equal sort keys,
and drafts nested in published records.
"""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_schema_validator import OAS30Validator

from api import pagination
from api.representation import serializer_of
from diplomacy.choices import (
    ActorKind,
    DatePrecision,
    FigureMeasure,
    FigureQualifier,
    MeetingFormat,
    ParticipantRole,
    PublicationStatus,
    ResolutionOutcome,
    StatementKind,
    UNBody,
)
from diplomacy.models import (
    Actor,
    Citation,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
)
from diplomacy.shapes import ACTOR, FIGURE, MEETING, RESOLUTION, SOURCE, STATEMENT, TOPIC
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT
SHAPES = {
    "/api/v1/actors/": ACTOR,
    "/api/v1/meetings/": MEETING,
    "/api/v1/statements/": STATEMENT,
    "/api/v1/resolutions/": RESOLUTION,
    "/api/v1/figures/": FIGURE,
    "/api/v1/sources/": SOURCE,
    "/api/v1/topics/": TOPIC,
}
DAY = {"date_start": datetime.date(2023, 11, 20), "date_end": datetime.date(2023, 11, 20)}
DAY |= {"date_precision": DatePrecision.DAY}
MANY = 60


@pytest.fixture
def edge_records(db):
    """Records at the edges of what the shapes render, beside the seed data."""
    zhou = Actor.objects.create(
        slug="zz-zhou", name="Zhōu Ēnlái 周恩来", kind=ActorKind.PERSON, status=PUBLISHED
    )
    hidden = Actor.objects.create(
        slug="zz-hidden", name="A draft", kind=ActorKind.PERSON, status=DRAFT
    )
    Position.objects.create(slug="zz-undated-post", actor=zhou, title="Envoy", status=PUBLISHED)
    Position.objects.create(
        slug="zz-open-post",
        actor=zhou,
        title="Premier",
        date_start=datetime.date(1949, 10, 1),
        date_precision=DatePrecision.DAY,
        status=PUBLISHED,
    )
    Position.objects.create(
        slug="zz-dated-post",
        actor=zhou,
        title="Minister",
        organization=hidden,
        date_start=datetime.date(1949, 10, 1),
        date_end=datetime.date(1949, 10, 1),
        date_precision=DatePrecision.DAY,
        status=PUBLISHED,
    )
    many = Meeting.objects.create(
        slug="zz-many",
        title="Ünïcode «summit» 会谈",
        format=MeetingFormat.VIRTUAL,
        **DAY,
        status=PUBLISHED,
    )
    actors = Actor.objects.bulk_create(
        Actor(
            slug=f"zz-actor-{n:02}",
            name=f"Actor {MANY - n:02}",
            kind=ActorKind.STATE,
            status=PUBLISHED,
        )
        for n in range(MANY)
    )
    Participation.objects.bulk_create(
        Participation(meeting=many, actor=actor, role=ParticipantRole.PARTICIPANT)
        for actor in actors
    )
    Participation.objects.create(meeting=many, actor=hidden, role=ParticipantRole.HOST)
    for slug in ("zz-same-a", "zz-same-b"):  # equal dates: the slug breaks the tie
        Meeting.objects.create(
            slug=slug, title="Same", format=MeetingFormat.PHONE, **DAY, status=PUBLISHED
        )
    Meeting.objects.create(
        slug="zz-undated", title="Undated", format=MeetingFormat.PHONE, status=PUBLISHED
    )
    statement = Statement.objects.create(
        slug="zz-bare", speaker=zhou, text="“Peace.”", kind=StatementKind.QUOTE, status=PUBLISHED
    )
    statement.audience.set([hidden, *actors[:3]])
    Resolution.objects.create(
        slug="zz-no-symbol",
        title="No symbol",
        body=UNBody.UNGA,
        outcome=ResolutionOutcome.ADOPTED,
        status=PUBLISHED,
    )
    ReportedFigure.objects.create(
        slug="zz-undated-figure",
        measure=FigureMeasure.GAZA_DEATH_TOLL,
        qualifier=FigureQualifier.AROUND,
        value=1,
        status=PUBLISHED,
    )
    bare = Source.objects.create(
        slug="zz-bare-source", sha256="0" * 64, text="Ünïcode words.", status=PUBLISHED
    )
    draft_source = Source.objects.create(
        slug="zz-draft-source", sha256="1" * 64, text="Hidden.", status=DRAFT
    )
    for source in (bare, draft_source):
        Citation.objects.create(meeting=many, source=source, excerpt="Ünïcode", start=0, end=7)
    return {"zhou": zhou, "many": many}


@pytest.fixture(params=["public", "curator"])
def client(request, api, edge_records):
    if request.param == "public":
        return api
    return token_client(request.getfixturevalue("curator"))


def every_record(client, url) -> list[dict]:
    items, link = [], url + "?page_size=200"
    while link:
        page = client.get(link).json()
        items += page["results"]
        link = page["next"]
    return items


def detail_of(client, url, slug) -> dict:
    response = client.get(f"{url}{slug}/")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(("url", "shape"), SHAPES.items())
def test_each_listed_record_is_its_detail_field_for_field(client, url, shape):
    only_detail = {field.name for field in shape.fields if field.detail_only}
    for item in every_record(client, url):
        detail = detail_of(client, url, item["slug"])
        assert set(detail) - set(item) == only_detail
        assert item == {name: value for name, value in detail.items() if name in item}


@pytest.fixture(scope="module")
def openapi():
    return SchemaGenerator().get_schema(request=None, public=True)


def validator(openapi, component: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    return OAS30Validator(schema)


def component(shape, detail: bool = False) -> str:
    return serializer_of(shape, detail).__name__.removesuffix("Serializer")


@pytest.mark.parametrize(("url", "shape"), SHAPES.items())
def test_every_record_is_what_the_schema_documents(client, openapi, url, shape):
    listed = validator(openapi, component(shape))
    detailed = validator(openapi, component(shape, detail=True))
    for item in every_record(client, url):
        listed.validate(item)
        detailed.validate(detail_of(client, url, item["slug"]))


def test_nested_lists_keep_their_declared_order_in_lists_and_details(api, edge_records):
    listed = {a["slug"]: a for a in every_record(api, "/api/v1/actors/")}["zz-zhou"]
    detail = detail_of(api, "/api/v1/actors/", "zz-zhou")
    # by earliest day, undated last; equal days by slug
    assert [p["title"] for p in detail["positions"]] == ["Minister", "Premier", "Envoy"]
    assert listed["positions"] == detail["positions"]
    # a hidden organization reads as null
    assert detail["positions"][0]["organization"] is None

    many = detail_of(api, "/api/v1/meetings/", "zz-many")
    assert [p["actor"]["slug"] for p in many["participants"]] == [
        f"zz-actor-{n:02}" for n in range(MANY)
    ]  # as entered, the draft host left out
    assert [c["source"] for c in many["citations"]] == ["zz-bare-source"]
    bare = detail_of(api, "/api/v1/statements/", "zz-bare")
    assert [a["actor"]["name"] for a in bare["audience"]] == ["Actor 58", "Actor 59", "Actor 60"]


def test_nulls_and_unicode_are_rendered_as_stored(api, edge_records):
    meeting = detail_of(api, "/api/v1/meetings/", "zz-undated")
    assert meeting["date"] is None
    assert (meeting["date_start"], meeting["date_end"], meeting["date_precision"]) == (
        None,
        None,
        "unknown",
    )
    assert meeting["location"] == {"name": None, "country": None}
    assert (meeting["participants"], meeting["topics"], meeting["citations"]) == ([], [], [])
    assert detail_of(api, "/api/v1/meetings/", "zz-many")["title"] == "Ünïcode «summit» 会谈"
    statement = detail_of(api, "/api/v1/statements/", "zz-bare")
    assert (statement["meeting"], statement["resolution"]) == (None, None)
    assert statement["speaker"]["name"] == "Zhōu Ēnlái 周恩来"
    source = detail_of(api, "/api/v1/sources/", "zz-bare-source")
    assert (source["title"], source["article_url"], source["date"]) == (None, None, None)
    assert detail_of(api, "/api/v1/resolutions/", "zz-no-symbol")["symbol"] is None


def test_equal_sort_keys_page_through_every_record_once(api, edge_records):
    seen, link = [], "/api/v1/meetings/?page_size=1&date=2023-11-20"
    while link:
        page = api.get(link).json()
        seen += [item["slug"] for item in page["results"]]
        link = page["next"]
    assert len(seen) == len(set(seen))
    assert [slug for slug in seen if slug.startswith("zz-")] == [
        "zz-many",
        "zz-same-a",
        "zz-same-b",
    ]


@pytest.mark.parametrize("url", SHAPES)
@pytest.mark.parametrize("page_size", [1, 200])
def test_a_page_runs_at_most_three_queries_at_any_size_and_depth(
    api, edge_records, url, page_size, django_assert_max_num_queries
):
    api.get(url, {"page_size": page_size})  # a process's first JSON query probes the database
    # a bounded count, the page's keys, and its records with everything they show
    with django_assert_max_num_queries(3):
        first = api.get(url, {"page_size": page_size})
    assert first.status_code == 200
    link = first.json()["next"]
    for _ in range(3):
        link = (link and api.get(link).json()["next"]) or link
    if link:
        with django_assert_max_num_queries(2):  # later pages carry the count
            assert api.get(link).status_code == 200


@pytest.mark.parametrize("url", SHAPES)
def test_a_detail_is_one_query(api, edge_records, url, django_assert_num_queries):
    slug = api.get(url, {"page_size": 1}).json()["results"][0]["slug"]
    api.get(f"{url}{slug}/")
    with django_assert_num_queries(1):
        assert api.get(f"{url}{slug}/").status_code == 200


def test_the_meeting_with_many_participants_is_one_query(
    api, edge_records, django_assert_num_queries
):
    api.get("/api/v1/meetings/zz-many/")
    with django_assert_num_queries(1):
        assert len(api.get("/api/v1/meetings/zz-many/").json()["participants"]) == MANY


def test_the_count_is_exact_up_to_the_limit_and_null_beyond(api, monkeypatch):
    total = api.get("/api/v1/statements/").json()["count"]
    assert total == 73
    monkeypatch.setattr(pagination, "COUNT_LIMIT", total)
    assert api.get("/api/v1/statements/").json()["count"] == total
    monkeypatch.setattr(pagination, "COUNT_LIMIT", total - 1)
    page = api.get("/api/v1/statements/").json()
    assert page["count"] is None
    assert len(page["results"]) == 50


def test_a_first_page_holding_every_match_is_its_own_count(
    api, monkeypatch, django_assert_max_num_queries
):
    api.get("/api/v1/meetings/", {"page_size": 200})
    with django_assert_max_num_queries(2) as context:  # the page's keys, then its records
        page = api.get("/api/v1/meetings/", {"page_size": 200}).json()
    assert page["count"] == len(page["results"]) > 1 and page["next"] is None
    assert not any("COUNT(" in query["sql"] for query in context.captured_queries)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", len(page["results"]) - 1)
    assert api.get("/api/v1/meetings/", {"page_size": 200}).json()["count"] is None


def test_later_pages_repeat_the_first_pages_count_without_counting_again(
    api, django_assert_max_num_queries
):
    first = api.get("/api/v1/statements/", {"page_size": 10}).json()
    with django_assert_max_num_queries(2) as context:
        second = api.get(first["next"]).json()
    assert second["count"] == first["count"] == 73
    assert not any("COUNT(" in query["sql"] for query in context.captured_queries)
