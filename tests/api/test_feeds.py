"""The Atom feeds of every resource and the iCalendar feed of meetings: public documents.

They are read back as a feed reader and a calendar would read them (feedparser,
icalendar), and checked for what a subscriber would notice: drafts never in them,
whoever asks; retractions in them with the reason; the list's filters; dates that
say no more than the sources do; identifiers that survive an edit.
"""

import datetime
import uuid
from urllib.parse import urlsplit

import feedparser
import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from api import feeds
from api.feeds import NAMESPACE
from diplomacy import services
from diplomacy.models import Actor, Meeting, Participation, Source
from tests.api.helpers import assert_problem
from tests.conftest import make_user, token_client

pytestmark = pytest.mark.django_db

PLURALS = ["actors", "meetings", "statements", "resolutions", "sources", "topics", "figures"]
ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
TAG = "zqfeeddraft"  # in every hidden record's slug, title and name


def atom(api, url: str, **params):
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == ATOM
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def calendar(api, **params) -> Calendar:
    response = api.get("/api/v1/meetings/calendar/", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == ICS
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, dict]:
    """The calendar's events by URL (the meeting's API address)."""
    return {str(event["URL"]): event for event in cal.walk("VEVENT")}


def meeting_url(slug: str, host: str = "testserver") -> str:
    """A meeting's page: where its feed entry and calendar event link."""
    return f"http://{host}/meetings/{slug}/"


def related(entry) -> list[str]:
    return [link.href for link in entry.links if link.rel == "related"]


def alternate(entry) -> str:
    """The entry's page (its JSON is the other alternate)."""
    (link,) = [
        link.href
        for link in entry.links
        if link.rel == "alternate" and link.get("type") != "application/json"
    ]
    return link


def new_meeting(slug: str, start: str | None, end: str | None, precision: str, **fields):
    return Meeting.objects.create(
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").capitalize()),
        format="in_person",
        date_start=start,
        date_end=end,
        date_precision=precision,
        status=fields.pop("status", "published"),
        **fields,
    )


@pytest.fixture
def drafts():
    """A draft meeting, and a draft actor taking part in a published meeting."""
    new_meeting(f"{TAG}-meeting", "2023-11-20", "2023-11-20", "day", status="draft")
    actor = Actor.objects.create(
        slug=f"{TAG}-actor", name=f"{TAG.title()} Person", kind="person", status="draft"
    )
    Participation.objects.create(
        meeting=Meeting.objects.get(slug="wang-yi-cohen-call"), actor=actor, role="guest"
    )


@pytest.fixture
def retracted(editor):
    """A published meeting, retracted through the write API."""
    url = "/api/v1/meetings/wang-yi-cohen-call/"
    body = {"status": "retracted", "retraction_reason": "The call was misreported."}
    assert token_client(editor).patch(url, body, format="json").status_code == 200
    return "wang-yi-cohen-call"


# Atom


@pytest.mark.parametrize("plural", PLURALS)
def test_every_resource_has_an_atom_feed_of_its_records_changed_last(api, plural):
    parsed = atom(api, f"/api/v1/{plural}/feed/")
    feed = parsed.feed
    assert parsed.version == "atom10"
    assert feed.id.startswith("urn:uuid:") and feed.title and feed.updated
    assert feed.author == feeds.TEAM
    assert {link.rel: link.href for link in feed.links} == {
        "self": f"http://testserver/api/v1/{plural}/feed/",
        "alternate": f"http://testserver/{plural}/",
    }
    entries = parsed.entries
    assert 0 < len(entries) <= feeds.FEED_LIMIT
    updated = [entry.updated_parsed for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.updated == entries[0].updated
    for entry in entries:
        assert entry.id.startswith("urn:uuid:")
        assert entry.title and entry.summary and entry.published
        assert [tag.term for tag in entry.tags] in (["new"], ["updated"])
        # The entry's page, and its JSON beside it.
        assert alternate(entry).startswith(f"http://testserver/{plural}/")
        assert api.get(urlsplit(alternate(entry)).path).status_code == 200
        (json,) = [link.href for link in entry.links if link.get("type") == "application/json"]
        assert json.startswith(f"http://testserver/api/v1/{plural}/")
        assert api.get(urlsplit(json).path).status_code == 200
    assert len({entry.id for entry in entries}) == len(entries)


def test_a_feed_holds_at_most_fifty_entries(api):
    assert api.get("/api/v1/statements/").json()["count"] > feeds.FEED_LIMIT
    assert len(atom(api, "/api/v1/statements/feed/").entries) == feeds.FEED_LIMIT


def test_entries_link_to_the_record_and_to_each_cited_source_and_its_article(api):
    Source.objects.filter(slug="china-leads-push-for-ceasefire").update(
        url="https://news.example/china-leads-push"
    )
    record = api.get("/api/v1/meetings/beijing-arab-islamic-ministers-2023-11-20/").json()
    parsed = atom(api, "/api/v1/meetings/feed/")
    (entry,) = [e for e in parsed.entries if alternate(e) == record["html_url"]]
    assert entry.title == record["title"]
    cited = list(dict.fromkeys(citation["source"] for citation in record["citations"]))
    assert "china-leads-push-for-ceasefire" in cited
    sources = [link for link in related(entry) if "/sources/" in link]
    assert sources == [f"http://testserver/sources/{slug}/" for slug in cited]
    assert "https://news.example/china-leads-push" in related(entry)
    assert record["summary"] in entry.summary


def test_a_statement_entry_names_its_speaker_and_kind(api):
    record = api.get("/api/v1/statements/faisal-message-is-clear/").json()
    parsed = atom(api, "/api/v1/statements/feed/", speaker=record["speaker"]["slug"])
    (entry,) = [e for e in parsed.entries if alternate(e) == record["html_url"]]
    assert entry.title.startswith(f"{record['speaker']['name']} ({record['kind']}): ")
    assert record["text"] in entry.summary


@pytest.mark.parametrize(
    ("plural", "params"),
    [
        ("meetings", {"actor": "wang-yi"}),
        ("meetings", {"topic": "ceasefire"}),
        ("statements", {"speaker": "wang-yi"}),
        ("statements", {"topic": "ceasefire"}),
        ("figures", {"measure": "gaza-death-toll"}),
    ],
)
def test_a_feed_takes_the_filters_of_its_list(api, plural, params):
    listed = api.get(f"/api/v1/{plural}/", {**params, "page_size": 200}).json()
    assert 0 < listed["count"] < api.get(f"/api/v1/{plural}/").json()["count"]
    expected = {record["html_url"] for record in listed["results"][: feeds.FEED_LIMIT]}
    parsed = atom(api, f"/api/v1/{plural}/feed/", **params)
    assert {alternate(entry) for entry in parsed.entries} == expected
    assert parsed.feed.links[0].href.startswith(f"http://testserver/{plural}/?")


@pytest.mark.parametrize("path", ["/api/v1/meetings/feed/", "/api/v1/meetings/calendar/"])
@pytest.mark.parametrize("parameter", ["actr", "cursor", "page_size", "ordering"])
def test_a_feed_refuses_parameters_it_does_not_take(api, path, parameter):
    body = assert_problem(api.get(path, {parameter: "1"}), 400, parameter)
    if parameter in ("cursor", "page_size"):
        assert "does not page" in str(body["errors"])


@pytest.mark.parametrize("path", ["/api/v1/meetings/feed/", "/api/v1/meetings/calendar/"])
def test_a_draft_slug_in_a_filter_is_refused_as_an_unknown_one(api, drafts, path):
    hidden = assert_problem(api.get(path, {"actor": f"{TAG}-actor"}), 400, "actor")
    missing = assert_problem(api.get(path, {"actor": "no-such-actor"}), 400, "actor")
    assert str(hidden["errors"]).replace(f"{TAG}-actor", "X") == str(missing["errors"]).replace(
        "no-such-actor", "X"
    )


def test_a_feed_answers_406_for_a_format_it_cannot_give(api):
    response = api.get("/api/v1/meetings/feed/", HTTP_ACCEPT="application/json")
    assert_problem(response, 406)


def test_a_feed_answers_304_to_a_reader_that_has_it(api):
    first = api.get("/api/v1/meetings/feed/")
    again = api.get("/api/v1/meetings/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


# The publication boundary


@pytest.mark.parametrize("plural", PLURALS)
def test_drafts_never_appear_in_a_feed_even_for_a_curator(api, client, drafts, plural):
    client.force_login(make_user("feed-curator", groups=["curators"]))
    assert TAG in client.get("/api/v1/meetings/", {"page_size": 200}).content.decode()
    public = api.get(f"/api/v1/{plural}/feed/")
    curated = client.get(f"/api/v1/{plural}/feed/")
    assert TAG not in public.content.decode()
    assert curated.content == public.content  # the curator gets the public's document


def test_drafts_never_appear_in_the_calendar_even_for_a_curator(api, client, drafts):
    client.force_login(make_user("feed-curator", groups=["curators"]))
    public = api.get("/api/v1/meetings/calendar/")
    assert TAG.encode() not in public.content.lower()
    assert client.get("/api/v1/meetings/calendar/").content == public.content
    event = events(Calendar.from_ical(public.content))[meeting_url("wang-yi-cohen-call")]
    assert "Wang Yi (" in event["DESCRIPTION"] and TAG.title() not in event["DESCRIPTION"]


def test_a_retracted_record_stays_in_the_feed_saying_so_and_why(api, retracted):
    assert api.get(f"/api/v1/meetings/{retracted}/").status_code == 410
    parsed = atom(api, "/api/v1/meetings/feed/")
    entry = parsed.entries[0]  # the change made last
    assert alternate(entry) == meeting_url(retracted)
    assert [tag.term for tag in entry.tags] == ["retracted"]
    assert entry.title == f"Retracted: meeting {retracted}"
    assert entry.summary == "Retracted: The call was misreported."
    # What it said is gone, as from its own address: no title, summary, sources, nor even
    # when it was first published.
    assert [link.rel for link in entry.links] == ["alternate", "alternate"]  # page, JSON
    assert "published" not in entry
    assert retracted not in api.get("/api/v1/meetings/", {"page_size": 200}).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"actor": "xi-jinping"}, {"country": "QA"}, {"q": "ceasefire"}, {"date": "2024-03"}],
)
def test_every_feed_of_a_resource_carries_its_retractions_whatever_the_filters(
    api, retracted, params
):
    """A subscriber to a filtered feed still learns of a retraction, though the filters are
    never evaluated against the retracted record (Wang Yi's call with Cohen matches none
    of these)."""
    entries = atom(api, "/api/v1/meetings/feed/", **params).entries
    (entry,) = [entry for entry in entries if alternate(entry) == meeting_url(retracted)]
    assert [tag.term for tag in entry.tags] == ["retracted"]


def test_a_retracted_meeting_leaves_the_calendar(api, retracted):
    """An event needs its days, which are the record's content: a retraction is in the Atom
    and change feeds instead."""
    assert meeting_url(retracted) not in events(calendar(api))
    assert meeting_url(retracted) not in events(calendar(api, actor="wang-yi"))


# The calendar


def test_the_calendar_has_an_event_per_dated_meeting_with_the_required_properties(api):
    cal = calendar(api)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert "Undated and retracted meetings are left out" in cal["X-WR-CALDESC"]
    dated = Meeting.objects.filter(status="published", date_start__isnull=False)
    found = events(cal)
    assert set(found) == {meeting_url(slug) for slug in dated.values_list("slug", flat=True)}
    assert meeting_url("blinken-wang-yi-conversations") not in found  # undated
    for event in found.values():
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
        assert type(event.decoded("DTSTART")) is datetime.date  # never a time of day
        assert type(event.decoded("DTEND")) is datetime.date
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert event["STATUS"] in ("CONFIRMED", "TENTATIVE")
    assert len({str(event["UID"]) for event in found.values()}) == len(found)


@pytest.mark.parametrize(
    ("start", "end", "precision", "dtend", "said"),
    [
        ("2023-11-20", "2023-11-20", "day", "2023-11-21", None),
        (
            "2023-10-01",
            "2023-10-31",
            "month",
            "2023-11-01",
            "Date known to the month only: some day in October 2023.",
        ),
        (
            "2023-11-20",
            "2023-11-21",
            "week",
            "2023-11-22",
            "Date known only as a range: some day from 20 November 2023 to 21 November 2023.",
        ),
        (
            "2023-10-08",
            "2023-10-31",
            "month",
            "2023-11-01",
            "Date known only as a range: some day from 8 October 2023 to 31 October 2023.",
        ),
        (
            "2024-01-01",
            "2024-12-31",
            "year",
            "2025-01-01",
            "Date known to the year only: some day in 2024.",
        ),
    ],
)
def test_a_meeting_spans_the_days_the_sources_allow_and_says_how_sure(
    api, start, end, precision, dtend, said
):
    new_meeting("dated-meeting", start, end, precision, date_note="As the article says.")
    event = events(calendar(api))[meeting_url("dated-meeting")]
    assert event.decoded("DTSTART") == datetime.date.fromisoformat(start)
    assert event.decoded("DTEND") == datetime.date.fromisoformat(dtend)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    description = str(event["DESCRIPTION"])
    assert "As the article says." in description
    if said is None:
        assert "Date known" not in description
    else:
        assert said in description


def test_a_planned_meeting_is_tentative_with_its_place(api):
    new_meeting(
        "planned-meeting",
        "2023-12-01",
        "2023-12-01",
        "day",
        occurrence="planned",
        location_name="Doha",
        location_country="QA",
    )
    event = events(calendar(api))[meeting_url("planned-meeting")]
    assert event["STATUS"] == "TENTATIVE"
    assert event["LOCATION"] == "Doha, QA"
    assert "Planned" in event["DESCRIPTION"]


def test_the_calendar_takes_the_filters_of_the_meeting_list(api):
    listed = api.get("/api/v1/meetings/", {"actor": "wang-yi", "page_size": 200}).json()
    dated = {meeting_url(m["slug"]) for m in listed["results"] if m["date_start"]}
    assert dated and set(events(calendar(api, actor="wang-yi"))) == dated
    assert set(events(calendar(api, date="2023-10"))) < set(events(calendar(api)))


def test_an_event_keeps_its_uid_through_edits_and_reveals_no_key(api, settings):
    before = events(calendar(api))[meeting_url("wang-yi-cohen-call")]
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    title = "Wang Yi and Eli Cohen speak by phone"
    services.record_write(meeting, by=services.LOADER, fields={"title": title})
    settings.ALLOWED_HOSTS = ["*"]
    elsewhere = APIClient(HTTP_HOST="api.example.org")
    after = events(calendar(elsewhere))[meeting_url("wang-yi-cohen-call", "api.example.org")]
    assert after["UID"] == before["UID"]
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    entries = atom(api, "/api/v1/meetings/feed/").entries
    (entry,) = [e for e in entries if alternate(e) == meeting_url("wang-yi-cohen-call")]
    assert entry.id == f"urn:uuid:{before['UID']}"
    # Named by the slug: the key, whose gaps would count the drafts, is not in it.
    assert before["UID"] == str(uuid.uuid5(NAMESPACE, "meetings/wang-yi-cohen-call"))


def test_an_edit_raises_the_sequence_and_marks_the_entry_updated(api, editor):
    url = meeting_url("wang-yi-cohen-call")
    before = events(calendar(api))[url]
    edited = token_client(editor).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {"summary": "Edited.", "correction_note": "The summary misread the call."},
        format="json",
    )
    assert edited.status_code == 200
    after = events(calendar(api))[url]
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert "Edited." in after["DESCRIPTION"]
    entry = atom(api, "/api/v1/meetings/feed/").entries[0]
    assert alternate(entry) == url and [tag.term for tag in entry.tags] == ["updated"]
    # The entry says first what was corrected, and why.
    corrected, changed, *summary = entry.summary.splitlines()
    assert corrected.startswith("Corrected ")
    assert corrected.endswith(": The summary misread the call.")
    assert changed == "Changed: summary."
    assert "Edited." in summary


def test_a_change_through_what_a_record_shows_lists_its_fields_with_no_note(api):
    services.record_write(
        Actor.objects.get(slug="eli-cohen"), by=services.LOADER, fields={"name": "Eli Cohen (FM)"}
    )
    entries = atom(api, "/api/v1/meetings/feed/").entries
    (entry,) = [e for e in entries if alternate(e) == meeting_url("wang-yi-cohen-call")]
    assert entry.summary.splitlines()[0] == "Changed: participants."
    assert "Corrected" not in entry.summary


def test_a_new_meeting_is_a_new_entry_with_sequence_zero(api):
    new_meeting("brand-new-meeting", "2023-12-02", "2023-12-02", "day")
    entry = atom(api, "/api/v1/meetings/feed/").entries[0]
    assert alternate(entry) == meeting_url("brand-new-meeting")
    assert [tag.term for tag in entry.tags] == ["new"]
    assert events(calendar(api))[meeting_url("brand-new-meeting")].decoded("SEQUENCE") == 0


def test_unicode_titles_survive_both_formats(api):
    title = "Wang Yi 王毅 meets Faisal bin Farhan — «ceasefire» in الرياض ✓"
    new_meeting("unicode-meeting", "2023-12-03", "2023-12-03", "day", title=title)
    assert atom(api, "/api/v1/meetings/feed/").entries[0].title == title
    assert events(calendar(api))[meeting_url("unicode-meeting")]["SUMMARY"] == title


# Queries


@pytest.mark.parametrize("limit", [5, 50])
@pytest.mark.parametrize("plural", PLURALS)
def test_a_feed_costs_a_fixed_number_of_queries(
    api, plural, limit, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(feeds, "FEED_LIMIT", limit)
    cites = plural not in ("actors", "topics", "sources")
    # The records changed last; the records retracted last; their representations; their
    # change log entries; their last corrections; and for records that cite, the titles
    # and articles of the sources cited.
    with django_assert_num_queries(6 if cites else 5):
        parsed = atom(api, f"/api/v1/{plural}/feed/")
    assert 0 < len(parsed.entries) <= limit


@pytest.mark.parametrize("limit", [5, 200])
def test_the_calendar_costs_a_fixed_number_of_queries(
    api, limit, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(feeds, "CALENDAR_LIMIT", limit)
    # The actor named; the meetings dated last; their representations; their change log.
    with django_assert_num_queries(4):
        cal = calendar(api, actor="wang-yi")
    assert 0 < len(events(cal)) <= limit


def test_a_curator_feed_costs_only_the_session_more(client, django_assert_max_num_queries):
    client.force_login(make_user("feed-curator", groups=["curators"]))
    # The session and the user, then the six queries of the feed.
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/meetings/feed/").status_code == 200


def test_text_a_feed_cannot_carry_is_replaced_not_a_failure(api):
    """XML 1.0 and iCalendar hold no control characters; a record may (a pasted title)."""
    Actor.objects.create(
        slug="zz-control", name="Bell\x07 and\x1b escape", kind="person", status="published"
    )
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    meeting.title = "Call\x0c with\x1f Cohen"
    meeting.save()

    (entry,) = [e for e in atom(api, "/api/v1/actors/feed/").entries if "Bell" in e.title]
    assert entry.title == "Bell\ufffd and\ufffd escape"
    event = events(calendar(api))[meeting_url("wang-yi-cohen-call")]
    assert str(event["SUMMARY"]) == "Call\ufffd with\ufffd Cohen"
