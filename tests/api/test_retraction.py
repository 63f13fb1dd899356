"""A retracted record is, everywhere public, its address, time and reason: no filter, search,
facet, date window or calendar ever evaluates its content, so no answer tells whether a
guess at it is right.

Each record below holds words, a country, an actor, a topic and days that no other record
has. Once it is retracted, every public answer filtered by a guess that matches it must be
the answer to a guess that matches nothing.
"""

import datetime

import feedparser
import pytest
from icalendar import Calendar

from api.views import base
from diplomacy import services
from diplomacy.choices import PublicationStatus
from diplomacy.models import Actor, Meeting, Participation, Statement, Topic
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

SECRET, ABSENT = "zqsecretword", "zqabsentword"
DAY = datetime.date(2019, 6, 12)


@pytest.fixture
def hidden(editor):
    """A published actor and topic, a meeting and a statement only they share, both retracted
    through the write API."""
    actor = Actor.objects.create(
        slug="zq-envoy", name="Zq Envoy", kind="person", status=PublicationStatus.PUBLISHED
    )
    Actor.objects.create(
        slug="zq-other", name="Zq Other", kind="person", status=PublicationStatus.PUBLISHED
    )
    topic = Topic.objects.create(slug="zq-topic", name="Zq topic", status="published")
    Topic.objects.create(slug="zq-other-topic", name="Zq other topic", status="published")
    meeting = Meeting.objects.create(
        slug="zq-meeting",
        title=f"A {SECRET} meeting",
        summary=f"They spoke of {SECRET}.",
        format="in_person",
        location_country="NZ",
        date_start=DAY,
        date_end=DAY,
        date_precision="day",
        status=PublicationStatus.PUBLISHED,
    )
    meeting.topics.set([topic])
    Participation.objects.create(meeting=meeting, actor=actor, role="guest")
    statement = Statement.objects.create(
        slug="zq-statement",
        speaker=Actor.objects.get(slug="wang-yi"),
        text=f"The {SECRET} is what we said.",
        kind="paraphrase",
        date_start=DAY,
        date_end=DAY,
        date_precision="day",
        status=PublicationStatus.PUBLISHED,
    )
    statement.topics.set([topic])
    statement.audience.set([actor])
    editor.user_permissions.add(*permissions("publish_statement"))
    client = token_client(editor)
    body = {"status": "retracted", "retraction_reason": "Misreported."}
    for url in ("/api/v1/meetings/zq-meeting/", "/api/v1/statements/zq-statement/"):
        assert client.patch(url, body, format="json").status_code == 200, url
    return meeting, statement


def permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="diplomacy", codename__in=codenames)


# Pairs of filters: the first matches the retracted record's content, the second nothing.
GUESSES = {
    "meetings": [
        ({"q": SECRET}, {"q": ABSENT}),
        ({"country": "NZ"}, {"country": "FJ"}),
        ({"actor": "zq-envoy"}, {"actor": "zq-other"}),
        ({"topic": "zq-topic"}, {"topic": "zq-other-topic"}),
        ({"date": "2019-06-12"}, {"date": "2019-06-13"}),
        ({"date": "2019-06", "date_match": "within"}, {"date": "2019-07", "date_match": "within"}),
    ],
    "statements": [
        ({"q": SECRET}, {"q": ABSENT}),
        ({"speaker": "wang-yi", "q": f'"{SECRET} is"'}, {"speaker": "wang-yi", "q": ABSENT}),
        ({"audience": "zq-envoy"}, {"audience": "zq-other"}),
        ({"topic": "zq-topic"}, {"topic": "zq-other-topic"}),
        ({"date": "2019-06-12"}, {"date": "2019-06-13"}),
    ],
}
CASES = [(plural, match, miss) for plural, pairs in GUESSES.items() for match, miss in pairs]


def entries(api, url: str, params: dict) -> list[tuple]:
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    parsed = feedparser.parse(response.content)
    return [(entry.id, entry.title, entry.updated, entry.summary) for entry in parsed.entries]


@pytest.mark.parametrize(("plural", "match", "miss"), CASES)
def test_a_filtered_feed_answers_alike_whether_or_not_a_guess_matches_a_retraction(
    api, hidden, plural, match, miss
):
    url = f"/api/v1/{plural}/feed/"
    guessed = entries(api, url, match)
    assert guessed == entries(api, url, miss)
    # The retraction is in both, as in every feed of the resource.
    assert any(title.startswith(f"Retracted: {plural[:-1]} zq-") for _, title, _, _ in guessed)


@pytest.mark.parametrize(("plural", "match", "miss"), CASES)
def test_a_list_its_export_and_its_facets_answer_alike_for_a_retracted_record(
    api, hidden, plural, match, miss
):
    for path in (f"/api/v1/{plural}/", f"/api/v1/{plural}/facets/", f"/api/v1/{plural}.ndjson"):
        guessed, missed = api.get(path, match), api.get(path, miss)
        assert guessed.status_code == missed.status_code == 200, path
        assert b"".join(guessed) == b"".join(missed), path


@pytest.mark.parametrize(("match", "miss"), GUESSES["meetings"])
def test_the_calendar_answers_alike_for_a_retracted_meeting(api, hidden, match, miss):
    def uids(params) -> set[str]:
        response = api.get("/api/v1/meetings/calendar/", params)
        assert response.status_code == 200, response.content
        return {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}

    assert uids(match) == uids(miss) == set()


def test_a_record_retracted_while_its_export_streams_is_not_written(api, editor, monkeypatch):
    """The keys are read when the export starts; each batch is read as the public may see
    it then."""
    listed = api.get("/api/v1/meetings/", {"actor": "wang-yi", "page_size": 200}).json()
    slugs = [record["slug"] for record in listed["results"]]
    monkeypatch.setattr(base, "EXPORT_BATCH", 1)
    response = api.get("/api/v1/meetings.ndjson", {"actor": "wang-yi"})
    chunks = iter(response.streaming_content)
    written = [next(chunks), next(chunks)]  # the header (none for NDJSON), the first record
    assert slugs[0] in written[1].decode()
    last = Meeting.objects.get(slug=slugs[-1])
    services.record_set_status(last, PublicationStatus.RETRACTED, "Misreported.", by=editor)
    written += list(chunks)
    lines = b"".join(written).decode().splitlines()
    assert [line for line in lines if slugs[-1] in line] == []
    assert len(lines) == len(slugs) - 1
