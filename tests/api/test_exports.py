"""CSV and NDJSON: the same records as the JSON list, flat, streamed, spreadsheet-safe."""

import csv
import io
import math
import re

import orjson
import pytest

from api.tabular import neutralise, table_of
from api.views.base import EXPORT_BATCH
from diplomacy.choices import DatePrecision, ParticipantRole, PublicationStatus
from diplomacy.models import Actor, Citation, Meeting, Participation, Source
from diplomacy.shapes import MEETING
from tests.api.helpers import assert_problem, walk
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

RESOURCES = ["actors", "meetings", "statements", "resolutions", "sources", "topics", "figures"]
CSV, NDJSON = "text/csv; charset=utf-8", "application/x-ndjson; charset=utf-8"


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_of(response))))


def ndjson_records(response) -> list[dict]:
    return [orjson.loads(line) for line in body_of(response).splitlines()]


@pytest.fixture
def risky(db):
    """A published meeting whose words a spreadsheet would run, a draft participant, and a
    draft meeting."""
    source = Source.objects.get(slug="cnn-china-urgent-action-gaza")
    meeting = Meeting.objects.create(
        slug="zz-formula",
        title='=HYPERLINK("http://example.org","click")',
        summary="+1 said; -2 said\r\n@SUM(A1)",
        trip="\tTabbed",
        format="phone",
        date_start="2023-11-20",
        date_end="2023-11-20",
        date_precision=DatePrecision.DAY,
        status=PublicationStatus.PUBLISHED,
    )
    Citation.objects.create(meeting=meeting, source=source, excerpt=source.text[:5], start=0, end=5)
    hidden = Actor.objects.create(slug="zz-hidden-envoy", name="Hidden Envoy", kind="person")
    Participation.objects.create(meeting=meeting, actor=hidden, role=ParticipantRole.HOST)
    Participation.objects.create(
        meeting=meeting, actor=Actor.objects.get(slug="wang-yi"), role=ParticipantRole.GUEST
    )
    Meeting.objects.create(
        slug="zz-draft-meeting", title="Draft", format="phone", date_precision="unknown"
    )
    return meeting


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_export_is_every_record_of_the_list_in_its_order(api, resource):
    listed, _ = walk(api, f"/api/v1/{resource}/?page_size=7")

    as_csv = api.get(f"/api/v1/{resource}.csv")
    as_ndjson = api.get(f"/api/v1/{resource}/", HTTP_ACCEPT="application/x-ndjson")

    assert as_csv.status_code == 200 and as_csv["Content-Type"] == CSV
    assert as_csv["Content-Disposition"] == f'attachment; filename="{resource[:-1]}s.csv"'
    assert [row["slug"] for row in csv_rows(as_csv)] == listed
    assert as_ndjson["Content-Type"] == NDJSON
    assert [record["slug"] for record in ndjson_records(as_ndjson)] == listed


def test_ndjson_lines_are_the_json_records(api):
    records = api.get("/api/v1/meetings/?page_size=200").json()["results"]

    assert ndjson_records(api.get("/api/v1/meetings.ndjson")) == records


def test_an_export_keeps_the_lists_filters_and_ordering(api):
    query = "speaker=wang-yi&speaker=xi-jinping&ordering=-date"
    listed, _ = walk(api, f"/api/v1/statements/?{query}&page_size=5")

    exported = csv_rows(api.get(f"/api/v1/statements.csv?{query}"))

    assert [row["slug"] for row in exported] == listed
    assert {row["speaker_slug"] for row in exported} == {"wang-yi", "xi-jinping"}


def test_csv_is_flat_with_the_nested_lists_in_documented_columns(api):
    meeting = api.get("/api/v1/meetings/wang-yi-cohen-call/").json()

    (row,) = [r for r in csv_rows(api.get("/api/v1/meetings.csv")) if r["slug"] == meeting["slug"]]

    assert list(row) == [column.name for column in table_of(MEETING)]
    assert row["participants"] == "; ".join(p["actor"]["slug"] for p in meeting["participants"])
    assert orjson.loads(row["participants_json"]) == meeting["participants"]
    assert row["topics"] == "; ".join(meeting["topics"])
    assert row["citations"] == "; ".join(c["source"] for c in meeting["citations"])
    assert row["location_country"] == (meeting["location"]["country"] or "")
    assert row["date_start"] == meeting["date_start"]


def test_a_statements_speaker_is_columns_of_its_own(api):
    statement = api.get("/api/v1/statements/?speaker=wang-yi&page_size=1").json()["results"][0]

    rows = csv_rows(api.get("/api/v1/statements.csv?speaker=wang-yi"))

    assert rows[0]["speaker_slug"] == "wang-yi" and rows[0]["speaker_name"] == "Wang Yi"
    assert rows[0]["slug"] == statement["slug"]


def test_cells_a_spreadsheet_would_run_are_neutralised_and_drafts_stay_out(api, risky):
    rows = {row["slug"]: row for row in csv_rows(api.get("/api/v1/meetings.csv"))}

    row = rows["zz-formula"]
    assert row["title"] == "'" + risky.title
    assert row["summary"] == "'" + risky.summary
    assert row["trip"] == "'\tTabbed"
    assert row["participants"] == "wang-yi"  # the draft host is not there
    assert "zz-hidden-envoy" not in body_of(api.get("/api/v1/meetings.csv"))
    assert "zz-draft-meeting" not in rows
    assert not any(
        value.startswith(("=", "+", "-", "@", "\t", "\r"))
        for line in rows.values()
        for value in line.values()
    )


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # a full-width equals sign: = once folded (NFKC)
        ("\u200b=1+1", "'\u200b=1+1"),  # after a zero-width space
        ("\ufeff@SUM(A1)", "'\ufeff@SUM(A1)"),  # after a byte order mark
        (" -2+3", "' -2+3"),
        ("\uff0b5", "'\uff0b5"),  # a full-width plus
        ("\u3000=1+1", "'\u3000=1+1"),  # an ideographic space
        ("\u2002=1+1", "'\u2002=1+1"),  # an en space
        ("\u200e=1+1", "'\u200e=1+1"),  # a left-to-right mark
        ("\u00ad\ufe0f\U000e0020=1", "'\u00ad\ufe0f\U000e0020=1"),  # soft hyphen, marks, tag
        ("\n\u0085=1", "'\n\u0085=1"),  # line breaks
        ("\tTabbed", "'\tTabbed"),
        ("'quoted'", "''quoted'"),  # the data's own apostrophe, told from the added one
        ("\u200b'quoted'", "\u200b'quoted'"),  # not at the start: nothing to tell apart
        ("Plain = text", "Plain = text"),
        ("\u200bPlain", "\u200bPlain"),
        ("", ""),
    ],
)
def test_a_cell_is_judged_by_its_first_visible_character(text, cell):
    assert neutralise(text) == cell


def test_a_curators_export_shows_what_the_curator_may_see(editor, risky):
    slugs = [row["slug"] for row in csv_rows(token_client(editor).get("/api/v1/meetings.csv"))]

    assert "zz-draft-meeting" in slugs


def test_an_export_reads_a_batch_at_a_time(api, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("api.views.base.EXPORT_BATCH", 10)
    total = api.get("/api/v1/statements/").json()["count"]

    # The keys, read as one query, then a query per batch of records.
    with django_assert_num_queries(1 + math.ceil(total / 10)):
        rows = csv_rows(api.get("/api/v1/statements.csv"))

    assert len(rows) == total
    assert EXPORT_BATCH == 500


def test_a_page_size_or_cursor_gives_a_page_linked_by_link_headers(api):
    first = api.get("/api/v1/meetings.csv?page_size=5")

    assert len(csv_rows(first)) == 5
    following = re.fullmatch(r'<([^>]+)>; rel="next"', first["Link"]).group(1)
    assert "/api/v1/meetings.csv?" in following
    second = api.get(following.removeprefix("http://testserver"))
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', second["Link"]))
    assert set(links) == {"next", "prev"}
    assert len(csv_rows(second)) == 5


def test_json_lists_carry_the_same_links_in_headers(api):
    page = api.get("/api/v1/statements/?page_size=3")

    assert page["Link"] == f'<{page.json()["next"]}>; rel="next"'
    assert "Link" not in api.get("/api/v1/topics/?page_size=200")


def test_a_record_is_one_row_or_one_line(api):
    record = api.get("/api/v1/sources/cnn-china-urgent-action-gaza/").json()

    (row,) = csv_rows(api.get("/api/v1/sources/cnn-china-urgent-action-gaza.csv"))
    line = api.get("/api/v1/sources/cnn-china-urgent-action-gaza/", HTTP_ACCEPT=NDJSON)

    assert row["text"] == record["text"] and row["slug"] == record["slug"]
    assert ndjson_records(line) == [record]


def test_errors_are_problem_json_whatever_format_was_asked(api):
    assert_problem(api.get("/api/v1/meetings.csv?actr=wang-yi"), 400, "actr")
    assert_problem(api.get("/api/v1/meetings/no-such-meeting.ndjson"), 404)
    assert api.get("/api/v1/meetings.xlsx").status_code == 404


def test_the_format_filter_keeps_its_meaning(api):
    phone = api.get("/api/v1/meetings/?format=phone").json()["count"]

    assert len(csv_rows(api.get("/api/v1/meetings.csv?format=phone"))) == phone
    assert_problem(api.get("/api/v1/meetings/?format=csv"), 400, "format")


# Repeated filters -----------------------------------------------------------


def count(api, url: str) -> int:
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize(
    ("url", "name", "values"),
    [
        ("/api/v1/statements/", "speaker", ["wang-yi", "xi-jinping"]),
        ("/api/v1/statements/", "topic", ["ceasefire", "humanitarian-aid"]),
        ("/api/v1/meetings/", "country", ["CN", "US"]),
        ("/api/v1/meetings/", "topic", ["ceasefire", "two-state-solution"]),
        ("/api/v1/meetings/", "kind", ["visit", "summit"]),
        ("/api/v1/actors/", "country", ["CN", "QA"]),
        ("/api/v1/resolutions/", "outcome", ["adopted", "vetoed"]),
    ],
)
def test_a_repeated_filter_means_any_of_its_values(api, url, name, values):
    each = [set(walk(api, f"{url}?{name}={value}&page_size=200")[0]) for value in values]
    query = "&".join(f"{name}={value}" for value in values)

    both, _ = walk(api, f"{url}?{query}&page_size=200")

    assert all(each), "every value should match some record"
    assert sorted(both) == sorted(set().union(*each))
    assert len(both) == len(set(both))  # a record matching two values is listed once


def test_actor_on_meetings_still_means_all_of_them(api):
    both = count(api, "/api/v1/meetings/?actor=wang-yi&actor=eli-cohen")
    either = count(api, "/api/v1/meetings/?actor=wang-yi")

    assert 0 < both < either


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/resolutions/?voter=china&voter=russia",
        "/api/v1/meetings/?identification=named&identification=inferred",
        "/api/v1/statements/?date_from=2023-10-01&date_from=2023-11-01",
        "/api/v1/meetings/?ordering=date&ordering=-date",
        "/api/v1/sources/?outlet=CNN&outlet=Reuters",
    ],
)
def test_a_repeated_single_value_filter_is_refused(api, url):
    name = url.split("?")[1].split("=")[0]

    assert_problem(api.get(url), 400, name)


def test_a_draft_among_repeated_slugs_is_refused_like_an_unknown_one(api, risky):
    assert_problem(api.get("/api/v1/meetings/?actor=wang-yi&actor=zz-hidden-envoy"), 400, "actor")
    assert_problem(
        api.get("/api/v1/statements/?speaker=wang-yi&speaker=zz-hidden-envoy"), 400, "speaker"
    )


def test_the_schema_says_which_filters_repeat(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}

    assert parameters["speaker"]["explode"] is True
    assert parameters["speaker"]["schema"]["type"] == "array"
    assert "any of" in parameters["speaker"]["description"]
    assert "explode" not in parameters["date_from"]
    operation = schema["paths"]["/api/v1/meetings/"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/x-ndjson",
    }
    assert (
        "participants_json"
        in (operation["responses"]["200"]["content"]["text/csv"]["schema"]["description"])
    )


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/statements/", "speaker"),
        ("/api/v1/statements/", "audience"),
        ("/api/v1/statements/", "attributed_to"),
        ("/api/v1/meetings/", "actor"),
        ("/api/v1/meetings/facets/", "actor"),
        ("/api/v1/meetings/feed/", "actor"),
        ("/api/v1/meetings.csv", "actor"),
    ],
)
def test_a_draft_among_unknown_slugs_answers_exactly_as_an_unknown_one(api, risky, url, name):
    """The answer names every slug that names no visible record, in the order given."""
    draft = api.get(url, {name: ["zz-hidden-envoy", "zz-filler"]})
    unknown = api.get(url, {name: ["zz-no-such-one", "zz-filler"]})

    assert_problem(draft, 400, name)
    assert draft.content.decode().replace("zz-hidden-envoy", "zz-no-such-one") == (
        unknown.content.decode()
    )
    assert "zz-hidden-envoy, zz-filler" in draft.content.decode()


def test_a_shared_cache_keeps_apart_what_each_viewer_sees(api, editor):
    public = api.get("/api/v1/meetings.csv")
    curated = token_client(editor).get("/api/v1/meetings/")

    assert "Authorization" in public["Vary"] and "Accept" in public["Vary"]
    assert "private" not in public.get("Cache-Control", "")
    assert "private" in curated["Cache-Control"]
    assert "Authorization" in curated["Vary"]
