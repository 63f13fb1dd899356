"""The change feed: what the public record gained, changed and lost, in order, for syncing."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import models
from django.utils import timezone

from api.throttling import AnonymousRateThrottle
from diplomacy import services
from diplomacy.choices import DatePrecision, ParticipantRole
from diplomacy.models import (
    Actor,
    Change,
    Meeting,
    Position,
    Resolution,
    Source,
    Statement,
    Topic,
)
from diplomacy.shapes import RESOURCES
from tests.api.helpers import assert_problem, walk

pytestmark = pytest.mark.django_db
LOADER = services.LOADER
DETAIL_ONLY = {
    resource: {field.name for field in shape.fields if field.detail_only}
    for resource, shape in RESOURCES.items()
}


def unnamed(actor: Actor, role: str) -> services.ParticipantInput:
    """A participant of a test meeting, whose excerpts name nobody: inferred."""
    return services.ParticipantInput(
        actor, role, identification="inferred", identification_note="A test meeting."
    )


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def feed(api, since=0, page_size=1000) -> list[dict]:
    """Every entry after ``since``, following the next links."""
    entries, url = [], f"/api/v1/changes/?since={since}&page_size={page_size}"
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        entries += response.json()["results"]
        url = response.json()["next"] and local(response.json()["next"])
    return entries


def last_id() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def new_meeting(slug="zz-feed-meeting", actor="wang-yi") -> Meeting:
    source = Source.objects.get(slug="cnn-china-urgent-action-gaza")
    meeting = Meeting(
        slug=slug,
        title="A meeting for the feed",
        format="phone",
        date_start=datetime.date(2023, 10, 20),
        date_end=datetime.date(2023, 10, 20),
        date_precision=DatePrecision.DAY,
    )
    return services.record_write(
        meeting,
        by=LOADER,
        fields={},
        participants=[unnamed(Actor.objects.get(slug=actor), ParticipantRole.HOST)],
        citations=[services.CitationInput(source, source.text[:40])],
        relations={"topics": [Topic.objects.get(slug="ceasefire")]},
    )


def actions_since(api, since) -> list[tuple[str, str, str]]:
    return [(e["action"], e["resource"], e["slug"]) for e in feed(api, since)]


def test_a_draft_leaves_no_entry_and_publishing_it_creates_one(api):
    start = last_id()

    meeting = new_meeting()
    assert actions_since(api, start) == []

    services.record_set_status(meeting, "published", by=LOADER)
    (entry,) = feed(api, start)
    assert (entry["action"], entry["resource"], entry["slug"]) == (
        "created",
        "meetings",
        "zz-feed-meeting",
    )
    assert entry["url"] == "http://testserver/api/v1/meetings/zz-feed-meeting/"
    assert entry["reason"] is None


def test_one_write_of_a_record_and_its_rows_is_one_entry(api):
    meeting = new_meeting()
    services.record_set_status(meeting, "published", by=LOADER)
    start = last_id()

    services.record_write(
        meeting,
        by=LOADER,
        fields={"title": "Renamed"},
        participants=[unnamed(Actor.objects.get(slug="xi-jinping"), ParticipantRole.HOST)],
    )

    assert actions_since(api, start) == [("updated", "meetings", "zz-feed-meeting")]


def test_an_actors_new_name_updates_every_record_showing_it(api):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    before = api.get(f"/api/v1/meetings/{meeting.slug}/").json()["updated_at"]
    start, moment = last_id(), timezone.now()

    actor = Actor.objects.get(slug="eli-cohen")
    services.record_write(actor, by=LOADER, fields={"name": "Eli Cohen (FM)"})

    changed = actions_since(api, start)
    assert ("updated", "actors", "eli-cohen") in changed
    assert ("updated", "meetings", "wang-yi-cohen-call") in changed
    shown = api.get(f"/api/v1/meetings/{meeting.slug}/").json()
    assert "Eli Cohen (FM)" in [p["actor"]["name"] for p in shown["participants"]]
    assert shown["updated_at"] > before
    synced, _ = walk(
        api, f"/api/v1/meetings/?updated_since={moment:%Y-%m-%dT%H:%M:%S.%fZ}&page_size=50"
    )
    assert "wang-yi-cohen-call" in synced
    # Only the records showing the actor changed.
    assert len(synced) == len({slug for action, kind, slug in changed if kind == "meetings"})


def test_a_new_name_updates_only_the_records_that_show_it(api):
    """Meetings show their topics and cited sources by slug alone: a topic's new name and
    a source's new title change the topic and the source, nothing else."""
    start = last_id()

    topic = Topic.objects.get(slug="ceasefire")
    services.record_write(topic, by=LOADER, fields={"name": "Ceasefire and truce"})
    source = Source.objects.get(slug="cnn-china-urgent-action-gaza")
    services.record_write(source, by=LOADER, fields={"title": "A new title"})

    assert actions_since(api, start) == [
        ("updated", "topics", "ceasefire"),
        ("updated", "sources", "cnn-china-urgent-action-gaza"),
    ]


def test_a_retraction_is_an_entry_with_its_reason(api):
    start = last_id()
    statement = Statement.objects.filter(status="published").first()

    services.record_set_status(statement, "retracted", "Misattributed.", by=LOADER)

    (entry,) = [e for e in feed(api, start) if e["resource"] == "statements"]
    assert entry["action"] == "retracted" and entry["reason"] == "Misattributed."
    assert api.get(local(entry["url"])).status_code == 410


def test_a_deleted_record_leaves_a_tombstone(api):
    meeting = new_meeting()
    services.record_set_status(meeting, "published", by=LOADER)
    start = last_id()

    services.record_delete(meeting, by=LOADER)

    (entry,) = feed(api, start)
    assert (entry["action"], entry["slug"], entry["url"]) == (
        "withdrawn",
        "zz-feed-meeting",
        None,
    )
    assert entry["reason"] == "Deleted."


def test_changes_to_drafts_nested_in_nothing_public_leave_no_entry(api):
    start = last_id()

    draft = services.record_write(
        Actor(slug="zz-draft-envoy", name="Draft Envoy", kind="person"), by=LOADER, fields={}
    )
    services.record_write(draft, by=LOADER, fields={"name": "Still a draft"})

    assert actions_since(api, start) == []


def test_paging_by_since_skips_and_repeats_nothing(api):
    everything = feed(api, 0, page_size=1000)

    paged = feed(api, 0, page_size=7)

    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    assert [e["id"] for e in everything] == sorted({e["id"] for e in everything})


def test_resume_asks_for_what_follows_the_last_page(api):
    response = api.get("/api/v1/changes/?page_size=1000").json()
    assert response["next"] is None
    resume = local(response["resume"])

    meeting = new_meeting()
    services.record_set_status(meeting, "published", by=LOADER)

    later = api.get(resume).json()
    assert [(e["action"], e["slug"]) for e in later["results"]] == [("created", "zz-feed-meeting")]


def test_since_takes_a_time_and_resource_narrows(api):
    moment = timezone.now()
    meeting = new_meeting()
    services.record_set_status(meeting, "published", by=LOADER)

    response = api.get("/api/v1/changes/", {"since": moment.isoformat(), "resource": "meetings"})

    assert [e["slug"] for e in response.json()["results"]] == ["zz-feed-meeting"]
    assert (
        api.get("/api/v1/changes/", {"since": moment.isoformat(), "resource": "actors"}).json()[
            "results"
        ]
        == []
    )


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("since=yesterday", "since"),
        ("since=2026-12-01T00:00:00", "since"),
        ("since=1&since=2", "since"),
        ("resource=users", "resource"),
        ("page_size=0", "page_size"),
        ("page_size=1001", "page_size"),
        ("cursor=x", "cursor"),
        ("since=", "since"),
    ],
)
def test_a_bad_feed_query_is_a_problem(api, query, name):
    assert_problem(api.get(f"/api/v1/changes/?{query}"), 400, name)


def test_a_page_of_the_feed_is_one_query(api, django_assert_num_queries):
    with django_assert_num_queries(1):
        api.get("/api/v1/changes/?since=5&page_size=50")


class Mirror:
    """A client's copy of the public record, kept by the feed alone: each created or
    updated record read at its address, each retracted or withdrawn one dropped."""

    def __init__(self, api):
        self.api, self.since, self.records = api, 0, {}

    def sync(self) -> None:
        for entry in feed(self.api, self.since, page_size=37):
            key = (entry["resource"], entry["slug"])
            if entry["action"] in ("created", "updated"):
                response = self.api.get(local(entry["url"]))
                if response.status_code == 200:
                    self.records[key] = response.json()
                else:  # gone since: a later entry says so
                    assert response.status_code in (404, 410)
            else:
                self.records.pop(key, None)
            self.since = entry["id"]


def listing(api) -> dict[tuple[str, str], dict]:
    everything = {}
    for resource in RESOURCES:
        url = f"/api/v1/{resource}/?page_size=200"
        while url:
            page = api.get(url).json()
            for record in page["results"]:
                everything[resource, record["slug"]] = record
            url = page["next"] and local(page["next"])
    return everything


def test_replaying_the_feed_gives_the_full_listing(api, monkeypatch):
    """Creates, edits, renames, retractions and deletions, replayed from the start into an
    empty store by a client syncing after each of them."""
    # Hundreds of reads in a few seconds: more than an anonymous client may make.
    monkeypatch.setattr(AnonymousRateThrottle, "allow_request", lambda *arguments: True)
    mirror = Mirror(api)
    mirror.sync()
    first = new_meeting("zz-replay-first")
    services.record_set_status(first, "published", by=LOADER)
    mirror.sync()
    second = new_meeting("zz-replay-second", actor="xi-jinping")
    services.record_set_status(second, "published", by=LOADER)
    mirror.sync()
    services.record_write(first, by=LOADER, fields={"summary": "Edited after publication."})
    mirror.sync()
    envoy = services.record_write(
        Actor(slug="zz-replay-envoy", name="Replay Envoy", kind="person"), by=LOADER, fields={}
    )
    mirror.sync()
    services.record_set_status(envoy, "published", by=LOADER)
    mirror.sync()
    services.record_write(
        second,
        by=LOADER,
        fields={},
        participants=[
            unnamed(Actor.objects.get(slug="xi-jinping"), "host"),
            unnamed(envoy, "guest"),
        ],
    )
    mirror.sync()
    services.record_write(envoy, by=LOADER, fields={"name": "Replay Envoy, renamed"})
    mirror.sync()
    services.record_write(Topic.objects.get(slug="ceasefire"), by=LOADER, fields={"name": "Truce"})
    mirror.sync()
    services.record_set_status(
        Statement.objects.filter(status="published").last(), "retracted", "Wrong.", by=LOADER
    )
    mirror.sync()
    services.record_delete(first, by=LOADER)
    mirror.sync()
    services.record_write(
        Actor.objects.get(slug="wang-yi"), by=LOADER, fields={"name": "Wang Yi (王毅)"}
    )
    mirror.sync()

    listed = listing(api)

    assert set(mirror.records) == set(listed)
    for key, record in listed.items():
        detail_only = DETAIL_ONLY[key[0]]
        shown = {k: v for k, v in mirror.records[key].items() if k not in detail_only}
        assert shown == record, key
    assert ("meetings", "zz-replay-first") not in mirror.records
    envoy_shown = mirror.records["meetings", "zz-replay-second"]["participants"][1]["actor"]
    assert envoy_shown["name"] == "Replay Envoy, renamed"
    # A fresh client replaying the whole feed at once gets the same (counts aside: an
    # actor's meeting count is a figure about other records, which the feed does not follow).
    fresh = Mirror(api)
    fresh.sync()
    assert set(fresh.records) == set(mirror.records)
    for key, record in fresh.records.items():
        detail_only = DETAIL_ONLY[key[0]]
        for name, value in record.items():
            assert name in detail_only or mirror.records[key][name] == value, (key, name)


def test_linking_a_draft_to_a_published_record_shows_nothing_new(api):
    statement = Statement.objects.filter(status="published").first()
    before = statement.updated_at
    secret = services.record_write(Topic(slug="zz-draft-topic", name="Draft"), by=LOADER, fields={})
    start = last_id()

    services.record_write(
        statement, by=LOADER, fields={}, relations={"topics": [*statement.topics.all(), secret]}
    )

    assert actions_since(api, start) == []
    statement.refresh_from_db()
    assert statement.updated_at == before

    services.record_set_status(secret, "published", by=LOADER)
    assert ("updated", "statements", statement.slug) in actions_since(api, start)


def test_a_time_with_any_offset_iso_allows_is_compared_in_utc(api):
    """PostgreSQL takes offsets up to 15:59; ISO 8601 and Python allow up to 23:59."""
    odd = api.get("/api/v1/meetings/", {"updated_since": "2020-01-01T00:00:00-18:33"})
    utc = api.get("/api/v1/meetings/", {"updated_since": "2020-01-01T18:33:00Z"})

    assert odd.status_code == 200, odd.content
    assert odd.json()["count"] == utc.json()["count"]
    changes = api.get("/api/v1/changes/", {"since": "2020-01-01T00:00:00-18:33"})
    assert changes.status_code == 200, changes.content


def public_listing(api) -> dict[tuple[str, str], dict]:
    """Every public record as its list shows it, less the time it last changed."""
    return {
        key: {name: value for name, value in record.items() if name != "updated_at"}
        for key, record in listing(api).items()
    }


def test_only_a_record_whose_public_projection_changed_gets_an_entry(api, monkeypatch):
    """Drafts, drafts linked to public records, an alias, rows added in bulk to empty lists,
    a post retracted, an actor renamed: after each, exactly the records whose public JSON
    changed have an entry, and only they a new updated_at."""
    monkeypatch.setattr(AnonymousRateThrottle, "allow_request", lambda *arguments: True)
    wang_yi, xi = Actor.objects.get(slug="wang-yi"), Actor.objects.get(slug="xi-jinping")
    resolution = Resolution.objects.get(slug="unsc-russia-draft-humanitarian-ceasefire")
    draft_actor = services.record_write(
        Actor(slug="zz-proj-draft", name="A Draft", kind="person"), by=LOADER, fields={}
    )

    def draft_meeting():
        new_meeting("zz-proj-draft-meeting")

    def draft_topic_linked():
        meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
        topic = services.record_write(
            Topic(slug="zz-proj-topic", name="Draft"), by=LOADER, fields={}
        )
        topics = [*meeting.topics.all(), topic]
        services.record_write(meeting, by=LOADER, fields={}, relations={"topics": topics})

    def draft_actor_renamed():
        services.record_write(draft_actor, by=LOADER, fields={"name": "Still a draft"})

    def alias():
        services.record_write(wang_yi, by=LOADER, fields={"aliases": [*wang_yi.aliases, "WY"]})

    def published_without_participants():
        meeting = new_meeting("zz-proj-empty")
        services.record_write(meeting, by=LOADER, fields={}, participants=[])
        services.record_set_status(meeting, "published", by=LOADER)

    def participants_in_bulk():
        meeting = Meeting.objects.get(slug="zz-proj-empty")
        participants = [unnamed(actor, "participant") for actor in (wang_yi, xi)]
        services.record_write(meeting, by=LOADER, fields={}, participants=participants)

    def votes_in_bulk():
        services.record_write(
            resolution,
            by=LOADER,
            fields={},
            votes=[services.VoteInput(xi, "abstain", "inferred", "A test.")],
        )

    def post_retracted():
        post = Position.objects.get(slug="wang-yi-politburo-member")
        services.record_set_status(post, "retracted", "Not in the sources.", by=LOADER)

    def draft_post_linking_two_actors():
        post = Position(slug="zz-proj-draft-post", actor=wang_yi, organization=xi, title="Envoy")
        cited = services.CitationInput(
            Source.objects.get(slug="china-leads-push-for-ceasefire"),
            "Wang Yi, the Foreign Minister of China",
        )
        services.record_write(post, by=LOADER, fields={}, citations=[cited])

    def renamed():
        services.record_write(xi, by=LOADER, fields={"name": "Xi Jinping (习近平)"})

    def post_citation_dropped():
        post = Position.objects.filter(status="published", citations__isnull=False).last()
        cited = post.citations.order_by("id").first()
        text = cited.source.text
        occurrence = (
            None if text.count(cited.excerpt) == 1 else text[: cited.start].count(cited.excerpt) + 1
        )
        kept = [
            services.CitationInput(
                cited.source, cited.excerpt, occurrence, cited.attribution, cited.attributed_to
            )
        ]
        services.record_write(post, by=LOADER, fields={}, citations=kept)

    steps = [
        draft_meeting,
        draft_topic_linked,
        draft_actor_renamed,
        alias,
        published_without_participants,
        participants_in_bulk,
        votes_in_bulk,
        post_retracted,
        draft_post_linking_two_actors,
        renamed,  # shown by the draft post's actor too, which the public does not see
        post_citation_dropped,  # a list in a list: the actor's posts' citations
    ]
    for step in steps:
        before, start = public_listing(api), last_id()
        stamps = {key: record["updated_at"] for key, record in listing(api).items()}
        step()
        after = public_listing(api)
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        logged = {(resource, slug) for _, resource, slug in actions_since(api, start)}
        assert logged == changed, step.__name__
        restamped = {
            key for key, record in listing(api).items() if stamps.get(key) != record["updated_at"]
        }
        assert restamped == changed & restamped and restamped == {
            key for key in changed if key in after
        }, step.__name__
    assert Change.objects.filter(slug="wang-yi", resource="actors", removes=True).exists()


def test_a_row_in_a_list_nested_in_a_list_leads_to_its_root_record():
    """An actor shows its posts, and each post its citations: a citation's row leads to the
    actor holding the post, not to a record whose key is the post's."""
    from diplomacy.models import Citation
    from diplomacy.projection import embeddings
    from diplomacy.shapes import ACTOR

    cited = (
        Citation.objects.filter(position__isnull=False)
        .exclude(position__actor_id=models.F("position_id"))
        .first()
    )
    (embedding,) = [
        found for found in embeddings(ACTOR) if found.model is Citation and not found.lookup
    ]
    assert embedding.roots_of(cited, "default") == [cited.position.actor_id]
