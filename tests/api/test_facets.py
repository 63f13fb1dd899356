"""Facets: exact counts of a list's records by the dimensions a newsroom groups by."""

from collections import Counter

import pytest

from diplomacy.choices import ParticipantRole, PublicationStatus
from diplomacy.models import Actor, Meeting, Participation, Topic
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

FACETED = {
    "meetings": {"actor", "country", "topic", "kind", "format", "occurrence", "attestation"},
    "statements": {"speaker", "audience", "topic", "kind", "attestation"},
    "resolutions": {"sponsor", "voter", "body", "outcome", "topic", "attestation"},
    "figures": {"measure", "attestation"},
    "actors": {"kind", "country"},
    "sources": {"outlet"},
}
DATED = {"meetings", "statements", "resolutions", "figures", "sources"}


def records(api, resource: str, query: str = "") -> list[dict]:
    page = api.get(f"/api/v1/{resource}/?page_size=200&{query}").json()
    assert page["next"] is None
    return page["results"]


def counted(facet: list[dict]) -> dict:
    return {entry["value"]: entry["count"] for entry in facet}


def expected_counts(resource: str, name: str, listed: list[dict]) -> Counter:
    """What a client counting the JSON records itself would find."""
    each = {
        "actor": lambda r: {p["actor"]["slug"] for p in r["participants"]},
        "speaker": lambda r: {r["speaker"]["slug"]} if r["speaker"] else set(),
        "audience": lambda r: {a["actor"]["slug"] for a in r["audience"]},
        "sponsor": lambda r: {a["actor"]["slug"] for a in r["sponsors"]},
        "voter": lambda r: {v["actor"]["slug"] for v in r["votes"]},
        "topic": lambda r: set(r["topics"]),
        "country": lambda r: {r["location"]["country"] if "location" in r else r["country"]},
        "month": lambda r: {r["date_start"][:7] if r["date_start"] else None},
        "year": lambda r: {r["date_start"][:4] if r["date_start"] else None},
    }.get(name, lambda r: {r[name]})
    return Counter(value for record in listed for value in each(record))


@pytest.mark.parametrize(
    ("resource", "name"),
    [(resource, name) for resource, names in FACETED.items() for name in sorted(names)]
    + [(resource, period) for resource in sorted(DATED) for period in ("month", "year")],
)
def test_each_count_is_what_counting_the_list_gives(api, resource, name):
    listed = records(api, resource)

    response = api.get(f"/api/v1/{resource}/facets/?facet={name}&facet_size=200")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(listed)
    assert counted(body["facets"][name]) == expected_counts(resource, name, listed)


def test_facets_take_the_lists_filters(api):
    query = "date_from=2023-10-01&date_to=2023-10-31&speaker=wang-yi&speaker=xi-jinping"
    listed = records(api, "statements", query)

    body = api.get(f"/api/v1/statements/facets/?{query}&facet=speaker&facet=month").json()

    assert body["count"] == len(listed) > 0
    assert counted(body["facets"]["speaker"]) == expected_counts("statements", "speaker", listed)
    assert counted(body["facets"]["month"]) == expected_counts("statements", "month", listed)


def test_largest_first_and_at_most_facet_size(api):
    body = api.get("/api/v1/meetings/facets/?facet=actor&facet_size=3").json()

    counts = [entry["count"] for entry in body["facets"]["actor"]]
    assert len(counts) == 3 and counts == sorted(counts, reverse=True)
    assert body["facets"]["actor"][0]["label"]  # a name to show


def test_periods_list_in_time_order(api):
    months = api.get("/api/v1/meetings/facets/?facet=month&facet_size=1").json()["facets"]["month"]

    values = [entry["value"] for entry in months]
    assert len(values) > 1
    assert values == sorted(values, key=lambda value: (value is None, value))


def test_no_facet_named_gives_every_facet(api):
    body = api.get("/api/v1/meetings/facets/").json()

    assert set(body["facets"]) == FACETED["meetings"] | {"month", "year"}


@pytest.fixture
def drafts(db):
    """A published meeting with a draft participant and a draft topic, and a draft meeting."""
    hidden = Actor.objects.create(slug="zz-facet-envoy", name="Facet Envoy", kind="person")
    secret = Topic.objects.create(slug="zz-secret-topic", name="Secret")
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    Participation.objects.create(meeting=meeting, actor=hidden, role=ParticipantRole.GUEST)
    meeting.topics.add(secret)
    Meeting.objects.create(
        slug="zz-facet-draft", title="Draft", format="virtual", date_precision="unknown"
    )
    return hidden


def test_the_public_counts_published_records_only(api, drafts):
    body = api.get("/api/v1/meetings/facets/?facet_size=200").json()

    assert "zz-facet-envoy" not in counted(body["facets"]["actor"])
    assert "zz-secret-topic" not in counted(body["facets"]["topic"])
    assert body["count"] == Meeting.objects.filter(status=PublicationStatus.PUBLISHED).count()


def test_a_curator_counts_the_drafts_they_may_see(editor, drafts):
    body = token_client(editor).get("/api/v1/meetings/facets/?facet_size=200").json()

    assert counted(body["facets"]["actor"])["zz-facet-envoy"] == 1
    assert body["count"] == Meeting.objects.count()


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("facet=bogus", "facet"),
        ("facet_size=0", "facet_size"),
        ("facet_size=201", "facet_size"),
        ("facet_size=5&facet_size=6", "facet_size"),
        ("facet=", "facet"),
        ("page_size=5", "page_size"),
        ("cursor=abc", "cursor"),
        ("actr=wang-yi", "actr"),
        ("speaker=zz-facet-envoy", "speaker"),
    ],
)
def test_a_bad_facet_query_is_a_problem(api, drafts, query, name):
    resource = "statements" if "speaker" in query else "meetings"

    assert_problem(api.get(f"/api/v1/{resource}/facets/?{query}"), 400, name)


def test_a_resource_without_facets_has_no_facets_address(api):
    assert_problem(api.get("/api/v1/topics/facets/"), 404)


def test_the_records_columns_are_counted_in_one_query_with_the_total(
    api, django_assert_num_queries
):
    # country, kind, format, occurrence and attestation (and the total) in one; actor,
    # topic, month and year one each.
    with django_assert_num_queries(1 + 4):
        api.get("/api/v1/meetings/facets/")
    # The speaker's slug is looked up once, as for the list; kind and the total in one.
    with django_assert_num_queries(1 + 1 + 2):
        api.get("/api/v1/statements/facets/?facet=speaker&facet=year&facet=kind&speaker=wang-yi")
    # Without a facet of the record's columns, the total is a count of its own.
    with django_assert_num_queries(1 + 1):
        body = api.get("/api/v1/statements/facets/?facet=speaker").json()
    assert body["count"] == api.get("/api/v1/statements/").json()["count"]
