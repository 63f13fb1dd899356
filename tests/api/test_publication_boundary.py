"""The publication boundary: nothing unpublished reaches an anonymous reader, by any path.

Draft and retracted records of every kind are linked to published ones through
every relation, then every public endpoint is crawled as an anonymous reader: every
list page in every ordering, every detail, as JSON and as the browsable API's HTML,
every filter given every hidden slug. No response may name a hidden record; a
request that names one itself must be answered exactly as if nothing had that name.
"""

import difflib
import os
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter

from api.resources import RESOURCES as API_RESOURCES
from api.throttling import AnonymousRateThrottle
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
    Topic,
    Vote,
)
from diplomacy.services import citing_field
from diplomacy.validation import locate_excerpt
from intake.services import intake_article, proposal_accept
from tests.conftest import local_redis, make_user, redis_reachable

pytestmark = pytest.mark.django_db

# Every hidden record's slug, name, title, text and excerpt carries its tag.
TAGS = {"draft": "zqdraft", "retracted": "zqretracted"}
MISSING = "zqmissing"  # what a hidden tag is replaced with to ask for nothing at all
HIDDEN_VALUE = 987654321  # the value of each hidden figure
CREDITED = "israel-defense-forces"  # credited by a hidden source on a published meeting

RESOURCES = {name: resource.viewset for name, resource in API_RESOURCES.items()}


def cite(record, source: Source, excerpt: str, credited: Actor | None = None) -> None:
    start, end = locate_excerpt(source.text, excerpt)
    field = citing_field(record)
    # The attribution's words are the published article's; only the actor may be hidden.
    attribution = {"attribution": "according to a statement", "attributed_to": credited}
    Citation.objects.create(
        source=source, excerpt=excerpt, start=start, end=end, **{field: record}, **attribution
    )


def hidden_world(status: str) -> None:
    """Records of every kind in ``status``, each linked to published records every way it can be.

    Written straight to the database, as an older version of the service or a
    careless script might have left them: the reading side must hold on its own.
    """
    tag = TAGS[status]
    curation = {
        "status": status,
        "retraction_reason": "Withdrawn." if status == "retracted" else "",
    }
    article = Source.objects.get(slug="china-leads-push-for-ceasefire")
    published_excerpt = "Han Zheng met with the delegation"
    wang_yi = Actor.objects.get(slug="wang-yi")

    source = Source.objects.create(
        slug=f"{tag}-source",
        title=f"{tag} source title",
        date_start="2023-11-22",
        date_end="2023-11-22",
        date_precision="day",
        date_note=f"{tag} note",
        sha256="0" * 64,
        text=f"Embargoed words: {tag} excerpt of an unpublished article.",
        **curation,
    )
    hidden_excerpt = f"{tag} excerpt of an unpublished article"
    actor = Actor.objects.create(
        slug=f"{tag}-actor",
        name=f"{tag.title()} Actorname",
        kind="person",
        aliases=[f"{tag} alias"],
        description=f"{tag} description",
        **curation,
    )
    topic = Topic.objects.create(slug=f"{tag}-topic", name=f"{tag} topic", **curation)
    meeting = Meeting.objects.create(
        slug=f"{tag}-meeting",
        title=f"{tag} meeting",
        format="phone",
        date_precision="unknown",
        summary=f"{tag} summary",
        **curation,
    )
    Participation.objects.create(meeting=meeting, actor=wang_yi, role="host")
    cite(meeting, article, published_excerpt)
    resolution = Resolution.objects.create(
        slug=f"{tag}-resolution",
        title=f"{tag} resolution",
        body="unsc",
        outcome="vetoed",
        date_precision="unknown",
        **curation,
    )
    cite(resolution, article, published_excerpt)
    statement = Statement.objects.create(
        slug=f"{tag}-statement",
        speaker=wang_yi,
        kind="paraphrase",
        text=f"{tag} words",
        date_precision="unknown",
        meeting=Meeting.objects.get(slug="wang-yi-cohen-call"),
        **curation,
    )
    cite(statement, article, published_excerpt)
    position = Position.objects.create(
        slug=f"{tag}-position", title=f"{tag} post", actor=wang_yi, **curation
    )
    cite(position, article, published_excerpt)
    figure = ReportedFigure.objects.create(
        slug=f"{tag}-figure",
        measure="oct7-attack-deaths",
        qualifier="exact",
        value=HIDDEN_VALUE,
        date_start="2023-11-21",
        date_end="2023-11-21",
        date_precision="day",
        summary=f"{tag} figure",
        **curation,
    )
    cite(figure, article, published_excerpt, credited=wang_yi)

    # The published records, each reaching the hidden ones by every relation it has.
    published_meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    Participation.objects.create(
        meeting=published_meeting, actor=actor, role="guest", identification="inferred"
    )
    published_meeting.topics.add(topic)
    # A public actor credited only by the hidden source's words.
    cite(published_meeting, source, hidden_excerpt, credited=Actor.objects.get(slug=CREDITED))
    cite(published_meeting, article, published_excerpt, credited=actor)

    published_statement = Statement.objects.get(slug="faisal-message-is-clear")
    Statement.objects.filter(pk=published_statement.pk).update(
        meeting=meeting, resolution=resolution
    )
    published_statement.audience.add(actor)
    published_statement.topics.add(topic)
    cite(published_statement, source, hidden_excerpt)
    spoken = Statement.objects.create(
        slug=f"statement-by-a-withheld-speaker-{len(status)}",
        speaker=actor,
        kind="paraphrase",
        text="Words whose speaker is not public.",
        date_precision="unknown",
        status="published",
    )
    cite(spoken, article, published_excerpt)

    published_resolution = Resolution.objects.get(slug="unsc-first-resolution-2023-11")
    published_resolution.sponsors.add(actor)
    Vote.objects.create(resolution=published_resolution, actor=actor, position="abstain")
    published_resolution.topics.add(topic)
    cite(published_resolution, source, hidden_excerpt)

    Actor.objects.filter(slug="zhai-jun").update(affiliation=actor)
    published_position = Position.objects.get(slug="wang-yi-foreign-minister")
    Position.objects.filter(pk=published_position.pk).update(organization=actor)
    cite(published_position, source, hidden_excerpt)
    Position.objects.create(
        slug=f"{tag}-post-of-a-published-actor",
        title=f"{tag} post of a published actor",
        actor=Actor.objects.get(slug="faisal-bin-farhan"),
        status=status,
        retraction_reason=curation["retraction_reason"],
    )
    published_figure = ReportedFigure.objects.get(slug="oct7-hostages-around-250")
    cite(published_figure, source, hidden_excerpt)
    cite(published_figure, article, published_excerpt, credited=actor)
    if status == "draft":
        # An article taken in: its draft source and the proposals read in it, one accepted.
        text = (
            f"{tag} 12 March 2024 - Chinese Foreign Minister Wang Yi met {tag.title()} Minister "
            f"Zqdraft Person in Beijing on Monday. “{tag} the war must stop now,” Wang said."
        )
        intake = intake_article(by=None, text=text, title=f"{tag} intake article")
        quote = intake.proposals.get(kind="statement")
        proposal_accept(quote, corrections={"slug": f"{tag}-intake-quote"}, by=None)


@pytest.fixture
def hidden_records():
    for status in TAGS:
        hidden_world(status)
    return {
        model: list(model.objects.filter(slug__startswith="zq").values_list("slug", flat=True))
        for model in (Actor, Meeting, Resolution, Source, Topic, Statement, ReportedFigure)
    }


@pytest.fixture
def unthrottled(monkeypatch):
    """The crawl makes thousands of requests from one address."""
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "1000000/min", raising=False)


@pytest.fixture(params=["no cache", "local cache", "redis cache"])
def page_cache(request, settings):
    """The crawl is made without the page cache, and with it in memory and on Redis."""
    settings.API_CACHE_SECONDS = 0 if request.param == "no cache" else 60
    if request.param == "redis cache":
        if not redis_reachable() and not os.environ.get("CI"):
            pytest.skip("needs the local Redis at 127.0.0.1:6379")
        settings.CACHES = local_redis()
    yield
    cache.clear()


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def assert_nothing_hidden(response, url: str) -> None:
    body = response.content.decode().lower()
    for tag in TAGS.values():
        assert tag not in body, f"{url} shows a hidden record ({tag})"
    assert str(HIDDEN_VALUE) not in body, f"{url} shows a hidden figure"


def unnamed(response, tag: str) -> tuple[int, str]:
    """The answer with the name asked for, and the page's random CSRF token, blanked."""
    body = re.sub(f"{tag}|{MISSING}", "NAME", response.content.decode())
    return response.status_code, re.sub(r'("csrfToken": |value=)"[A-Za-z0-9]{64}"', "TOKEN", body)


def assert_answered_as_if_missing(api, path: str, params: list[tuple[str, str]], **headers):
    """A request naming hidden records gets exactly the answer given for names nobody has."""
    url = f"{path}?{urlencode(params)}" if params else path
    answer = api.get(url, **headers)
    for tag in TAGS.values():
        if tag in url:
            missing = api.get(url.replace(tag, MISSING), **headers)
            expected, got = unnamed(missing, tag), unnamed(answer, tag)
            assert got == expected, "\n".join(
                difflib.unified_diff(
                    expected[1].splitlines(), got[1].splitlines(), url, lineterm=""
                )
            )
    return answer


def crawl_lists(api, visited: set) -> None:
    for name, viewset in RESOURCES.items():
        for ordering in viewset.filterset_class.orderings:
            if ordering == "relevance":
                continue  # ranks a search; the searches are crawled in crawl_filters
            url = f"/api/v1/{name}/?{urlencode({'ordering': ordering, 'page_size': 200})}"
            while url:
                response = api.get(url)
                assert response.status_code == 200, response.content
                assert_nothing_hidden(response, url)
                page = response.json()
                visited.update(record["slug"] for record in page["results"])
                url = page["next"] and local(page["next"])
        assert_nothing_hidden(api.options(f"/api/v1/{name}/"), f"OPTIONS /api/v1/{name}/")
        html = api.get(f"/api/v1/{name}/", HTTP_ACCEPT="text/html")
        assert html.status_code == 200
        assert_nothing_hidden(html, f"/api/v1/{name}/ as HTML")
        # The filter form offers vocabularies and orderings, never a list of records.
        offered = set(re.findall(r'<option value="([^"]*)"', html.content.decode()))
        vocabularies = {"", *viewset.filterset_class.orderings}
        for declared in viewset.filterset_class.base_filters.values():
            vocabularies |= {str(value) for value, _ in declared.extra.get("choices", [])}
        assert offered <= vocabularies, offered - vocabularies


def crawl_details(api) -> None:
    for name in RESOURCES:
        listed = api.get(f"/api/v1/{name}/", {"page_size": 200}).json()["results"]
        for record in listed:
            url = f"/api/v1/{name}/{record['slug']}/"
            response = api.get(url)
            assert response.status_code == 200
            assert_nothing_hidden(response, url)
            assert_nothing_hidden(api.get(url, HTTP_ACCEPT="text/html"), f"{url} as HTML")


def crawl_hidden_details(api, hidden: dict) -> None:
    paths = {viewset.shape.model: name for name, viewset in RESOURCES.items()}
    for model, slugs in hidden.items():
        for slug in slugs:
            url = f"/api/v1/{paths[model]}/{slug}/"
            for headers in ({}, {"HTTP_ACCEPT": "text/html"}):
                response = api.get(url, **headers)
                if "zqretracted" in slug:
                    assert response.status_code == 410, url
                    assert "Withdrawn." in response.content.decode()
                else:
                    assert_answered_as_if_missing(api, url, [], **headers)
                    assert response.status_code == 404
            # Its history: a retraction's slugs, times and reason; a draft's, nothing.
            history = api.get(f"{url}history/")
            if "zqretracted" in slug:
                assert history.status_code == 200, url
                entries = history.json()["results"]
                assert all(e["fields"] is None and e["note"] is None for e in entries), url
            else:
                assert_answered_as_if_missing(api, f"{url}history/", [])
                assert history.status_code == 404


def crawl_filters(api, hidden: dict) -> None:
    """Every slug filter of every list, given each hidden slug (alone and beside a public one)."""
    for name, viewset in RESOURCES.items():
        for parameter, declared in viewset.filterset_class.base_filters.items():
            if not isinstance(declared, ModelChoiceFilter | ModelMultipleChoiceFilter):
                continue
            model = declared.queryset.model
            public = model.objects.filter(status="published").values_list("slug", flat=True)[0]
            for slug in hidden[model]:
                for params in (
                    [(parameter, slug)],
                    [(parameter, public), (parameter, slug)],
                    [(parameter, slug), ("ordering", "no-such-order")],  # errors keep their order
                ):
                    response = assert_answered_as_if_missing(api, f"/api/v1/{name}/", params)
                    assert response.status_code == 400
                    assert_answered_as_if_missing(
                        api, f"/api/v1/{name}/", params, HTTP_ACCEPT="text/html"
                    )
        if "q" in viewset.filterset_class.base_filters:
            for tag in TAGS.values():
                response = assert_answered_as_if_missing(api, f"/api/v1/{name}/", [("q", tag)])
                assert response.json()["results"] == []


def test_an_anonymous_reader_sees_nothing_unpublished_by_any_path(
    api, hidden_records, page_cache, unthrottled
):
    visited = set()
    for _ in range(2):  # the second time from the page cache, where there is one
        crawl_lists(api, visited)
    assert "wang-yi-cohen-call" in visited and "faisal-message-is-clear" in visited
    crawl_details(api)
    crawl_hidden_details(api, hidden_records)
    crawl_filters(api, hidden_records)
    for url in ("/api/v1/", "/api/v1/schema/", "/api/v1/docs/", "/health/live"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert_nothing_hidden(response, url)


@pytest.fixture
def before_hidden(api):
    return api.get("/api/v1/meetings/wang-yi-cohen-call/").json()


def test_published_records_show_only_their_published_links(api, before_hidden, hidden_records):
    meeting = api.get("/api/v1/meetings/wang-yi-cohen-call/").json()
    assert meeting["participants"] == before_hidden["participants"]
    credited = [c for c in meeting["citations"] if c["attribution"] == "according to a statement"]
    assert len(credited) == 2 and all(c["attributed_to"] is None for c in credited)
    assert [c for c in meeting["citations"] if c not in credited] == before_hidden["citations"]
    assert meeting["topics"] == before_hidden["topics"]

    statement = api.get("/api/v1/statements/faisal-message-is-clear/").json()
    assert (statement["meeting"], statement["resolution"], statement["audience"]) == (
        None,
        None,
        [],
    )
    withheld = api.get("/api/v1/statements/statement-by-a-withheld-speaker-5/").json()
    assert withheld["speaker"] is None

    zhai_jun = api.get("/api/v1/actors/zhai-jun/").json()
    assert zhai_jun["affiliation"] is None
    wang_yi = api.get("/api/v1/actors/wang-yi/").json()
    assert [p["organization"] for p in wang_yi["positions"]].count(None) >= 1
    meetings = api.get("/api/v1/meetings/", {"actor": "wang-yi", "page_size": 200}).json()
    statements = api.get("/api/v1/statements/", {"speaker": "wang-yi", "page_size": 200}).json()
    assert wang_yi["meeting_count"] == meetings["count"]
    assert wang_yi["statement_count"] == statements["count"]

    figure = api.get("/api/v1/figures/oct7-hostages-around-250/").json()
    credited = [c for c in figure["citations"] if c["attribution"] == "according to a statement"]
    assert credited and all(c["attributed_to"] is None for c in credited)
    inferred = api.get("/api/v1/meetings/", {"identification": "inferred", "page_size": 200})
    assert "wang-yi-cohen-call" not in [m["slug"] for m in inferred.json()["results"]]
    credited = api.get("/api/v1/meetings/", {"attributed_to": CREDITED, "page_size": 200})
    assert "wang-yi-cohen-call" not in [m["slug"] for m in credited.json()["results"]]


def test_a_curator_sees_the_drafts_they_may_change_and_never_leaves_them_in_the_cache(
    api, client, hidden_records, settings
):
    settings.API_CACHE_SECONDS = 60
    actor_curator = make_user("actor-curator", permissions=["diplomacy.change_actor"])
    client.force_login(actor_curator)

    seen = client.get("/api/v1/meetings/", {"page_size": 200}).content.decode()
    assert "zqdraft-actor" in seen  # a draft participant, shown to whoever curates actors
    assert "zqdraft-meeting" not in seen  # but not draft meetings: they curate actors only

    assert_nothing_hidden(api.get("/api/v1/meetings/", {"page_size": 200}), "after a curator")
