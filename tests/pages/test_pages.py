"""The reader's pages: each record as a reader wants it, every fact linked to its words,
in a fixed number of queries whatever the record holds."""

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diplomacy import services
from diplomacy.models import Actor, Citation, Meeting, Participation, Source, Statement
from diplomacy.validation import locate_excerpt
from pages import wording

pytestmark = pytest.mark.django_db
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return html.unescape(response.content.decode())  # the words as a reader reads them


def json_ld(body: str):
    found = LD.findall(body)
    return json.loads(found[0]) if found else None


def test_a_meeting_page_says_what_when_who_and_on_whose_word(client, django_assert_num_queries):
    # the record, statements made at it, actor names, source titles, topic names, history
    with django_assert_num_queries(6):
        body = page(client, "/meetings/wang-kejian-meets-haniyeh-qatar/")
    assert "Wang Kejian meets Hamas political leader Ismail Haniyeh in Qatar" in body
    assert "Between 17 and 24 March 2024" in body
    assert "Confirmed by both sides or by independent sources" in body
    assert 'href="/actors/cao-xiaolin/"' in body
    assert '<span class="flag">claimed</span>' in body  # Cao Xiaolin, on Hamas's word alone
    assert "according to China's Foreign Ministry" in body
    # Each excerpt opens the article at its words.
    assert 'href="/sources/wang-kejian-meets-haniyeh/#c-0-133"' in body
    assert "Haniyeh highlighted the goal of establishing" in body  # said at the meeting
    event = json_ld(body)
    # Known only to fall between 17 and 24 March: no start date is claimed for it.
    assert event["@type"] == "Event" and "startDate" not in event
    assert {a["name"] for a in event["attendee"]} >= {"Wang Kejian", "Ismail Haniyeh"}
    assert '<meta property="og:title" content="Wang Kejian meets Hamas' in body
    assert (
        'type="application/json"' in body
        and "/api/v1/meetings/wang-kejian-meets-haniyeh-qatar/" in body
    )
    assert (
        "How to cite this record" in body
        and "http://testserver/meetings/wang-kejian-meets-haniyeh-qatar/" in body
    )


def test_structured_data_claims_a_day_only_when_the_sources_give_it(client):
    day = Meeting.objects.filter(status="published", date_precision="day").first()
    event = json_ld(page(client, f"/meetings/{day.slug}/"))
    assert event["startDate"] == event["endDate"] == str(day.date_start)
    planned = Meeting.objects.filter(status="published", occurrence="planned").first()
    event = json_ld(page(client, f"/meetings/{planned.slug}/"))
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    claimed = Meeting.objects.filter(status="published", attestation="claimed").first()
    event = json_ld(page(client, f"/meetings/{claimed.slug}/"))
    assert event["description"].startswith("Claimed by ")


def test_an_inferred_participant_is_marked_with_its_evidence(client):
    meeting = (
        Participation.objects.filter(identification="inferred", meeting__status="published")
        .first()
        .meeting
    )
    body = page(client, f"/meetings/{meeting.slug}/")
    assert '<span class="flag">inferred</span>' in body


def test_a_quote_is_a_quotation_and_a_paraphrase_is_not(client):
    quote = Statement.objects.filter(kind="quote", status="published").first()
    body = page(client, f"/statements/{quote.slug}/")
    assert f"“{quote.text}”" in body
    assert json_ld(body)["@type"] == "Quotation"
    assert json_ld(body)["text"] == quote.text
    paraphrase = Statement.objects.filter(kind="paraphrase", status="published").first()
    body = page(client, f"/statements/{paraphrase.slug}/")
    assert "a paraphrase" in body and json_ld(body) is None


def test_every_excerpt_a_page_links_to_is_highlighted_at_its_address(client):
    source = Source.objects.get(slug="china-leads-push-for-ceasefire")
    body = page(client, f"/sources/{source.slug}/")
    anchors = set(re.findall(r'id="(c-\d+-\d+)"', body))
    cited = Citation.objects.filter(source=source, meeting__status="published")
    assert cited.exists()
    for citation in cited:
        assert f"c-{citation.start}-{citation.end}" in anchors
    # The highlighted words are the article's, unchanged.
    marked = "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", body, re.S))
    assert "Han Zheng met with the delegation" in marked
    raw = client.get(f"/sources/{source.slug}/").content.decode()
    text = re.search(r'<div class="article-text">(.*?)</div>', raw, re.S).group(1)
    plain = re.sub(r'<a class="ref"[^>]*>\d+</a>|<[^>]+>', "", text)
    assert html.unescape(plain) == source.text


def test_a_source_page_costs_the_same_queries_however_many_records_cite_it(
    client, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the source, its citing records, its history
        page(client, "/sources/china-leads-push-for-ceasefire/")


def test_an_actor_page_draws_uncertain_dates_as_spans_and_whom_they_met(
    client, django_assert_num_queries
):
    # actor, names, history, timeline's meetings and statements, co-participants
    with django_assert_num_queries(7):
        body = page(client, "/actors/wang-yi/")
    assert 'class="range meetings"' in body  # a call dated only to a range of days
    assert 'class="day statements"' in body
    assert 'href="/actors/eli-cohen/"' in body  # met on a call
    assert "<svg" in body and "Meetings shared" in body


def test_a_topic_page_lists_its_records(client, django_assert_num_queries):
    with django_assert_num_queries(5):
        body = page(client, "/topics/hostages/")
    assert "/resolutions/unsc-first-resolution-2023-11/" in body


def test_an_undated_record_says_so_and_unicode_reads_as_written(client):
    actor = Actor.objects.create(
        slug="zoe-muller", name="Zoë Müller 李辉", kind="person", status="published"
    )
    source = Source.objects.get(slug="china-leads-push-for-ceasefire")
    excerpt = "Han Zheng met with the delegation"
    start, end = locate_excerpt(source.text, excerpt)
    statement = Statement.objects.create(
        slug="undated-words",
        speaker=actor,
        kind="paraphrase",
        text="Ünïcode wörds.",
        date_precision="unknown",
        status="published",
    )
    Citation.objects.create(
        source=source, statement=statement, excerpt=excerpt, start=start, end=end
    )
    body = page(client, "/statements/undated-words/")
    assert "Date not known" in body and "Zoë Müller 李辉" in body and "Ünïcode wörds." in body


def test_a_meeting_with_many_participants_costs_no_more_queries(client, django_assert_num_queries):
    meeting = Meeting.objects.get(slug="wang-kejian-meets-haniyeh-qatar")
    for number in range(40):
        actor = Actor.objects.create(
            slug=f"envoy-{number}", name=f"Envoy {number}", kind="person", status="published"
        )
        Participation.objects.create(meeting=meeting, actor=actor, role="participant")
    with django_assert_num_queries(6):
        body = page(client, f"/meetings/{meeting.slug}/")
    assert body.count('href="/actors/envoy-') == 40


def test_a_renamed_record_moves_and_a_retracted_one_is_its_reason(client):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_write(meeting, by=services.LOADER, fields={"slug": "wang-yi-eli-cohen-call"})
    response = client.get("/meetings/wang-yi-cohen-call/")
    assert (
        response.status_code == 301 and response["Location"] == "/meetings/wang-yi-eli-cohen-call/"
    )
    services.record_set_status(meeting, "retracted", "Reported in error.", by=services.LOADER)
    body = page(client, "/meetings/wang-yi-eli-cohen-call/", 410)
    assert "Reported in error." in body and "wang-yi-eli-cohen-call" in body
    assert "Cohen" not in body.replace("wang-yi-eli-cohen-call", "")
    # The corrections on other pages: its slug and reason, nothing of its content.
    assert "Reported in error." in page(client, "/")


def test_a_draft_address_answers_as_a_missing_one(client):
    Meeting.objects.filter(slug="wang-yi-cohen-call").update(status="draft")
    draft = client.get("/meetings/wang-yi-cohen-call/")
    missing = client.get("/meetings/no-such-meeting/")
    assert draft.status_code == missing.status_code == 404
    assert draft.content.replace(b"wang-yi-cohen-call", b"") == missing.content.replace(
        b"no-such-meeting", b""
    )


def test_the_api_links_each_record_to_its_page_and_the_pages_link_back(client):
    record = client.get("/api/v1/meetings/wang-yi-cohen-call/").json()
    assert record["html_url"] == "http://testserver/meetings/wang-yi-cohen-call/"
    for name in ("actors", "statements", "resolutions", "sources", "topics", "figures"):
        first = client.get(f"/api/v1/{name}/").json()["results"][0]
        assert client.get(first["html_url"]).status_code == 200, name
    root = client.get("/api/v1/").json()
    assert root["pages"] == "http://testserver/" and "calendar" in root["feeds"]


def test_errors_are_pages_on_pages_and_problems_on_the_api(client):
    body = page(client, "/no/such/page/", 404)
    assert "There is no page at this address." in body and "<nav" in body
    problem = client.get("/api/v1/no-such-thing/")
    assert problem.status_code == 404 and problem["Content-Type"] == "application/problem+json"
    body = page(client, "/meetings/?date_from=yesterday", 400)
    assert "date_from" in body
    page(client, "/meetings/?page=99", 404)


def test_search_finds_what_the_api_finds(client):
    body = page(client, "/search?q=ceasefire")
    api = client.get("/api/v1/statements/", {"q": "ceasefire", "page_size": 10}).json()["results"]
    for record in api:
        assert f'href="/statements/{record["slug"]}/"' in body
    assert "Nothing found." not in body.split("Meetings")[0]


def test_lists_take_the_apis_filters_and_page(client):
    body = page(client, "/meetings/?actor=wang-yi&actor=eli-cohen")
    assert "/meetings/wang-yi-cohen-call/" in body and "1 record." in body
    body = page(client, "/statements/")
    assert 'rel="next" href="/statements/?page=2"' in body


def test_the_sitemap_lists_every_published_record_and_only_those(client):
    body = page(client, "/sitemap.xml")
    published = Meeting.objects.filter(status="published").count()
    assert body.count("/meetings/") == published + 1  # and the list
    Meeting.objects.filter(slug="wang-yi-cohen-call").update(status="draft")
    assert "wang-yi-cohen-call" not in page(client, "/sitemap.xml")


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2023-11-20", "2023-11-20", "20 November 2023"),
        ("2023-10-01", "2023-10-31", "October 2023"),
        ("2023-01-01", "2023-12-31", "2023"),
        ("2023-10-09", "2023-10-30", "Between 9 and 30 October 2023"),
        ("2023-10-28", "2023-11-03", "Between 28 October and 3 November 2023"),
        ("2023-12-30", "2024-01-02", "Between 30 December 2023 and 2 January 2024"),
        (None, "2024-01-02", "On or before 2 January 2024"),
        (None, None, "Date not known"),
    ],
)
def test_dates_read_as_the_intervals_they_are(start, end, said):
    assert wording.interval(start, end) == said


def test_pages_are_kept_until_the_public_record_changes(client, settings):
    settings.API_CACHE_SECONDS = 60
    first = page(client, "/meetings/wang-yi-cohen-call/")
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    Meeting.objects.filter(pk=meeting.pk).update(summary="Changed behind the feed's back.")
    assert page(client, "/meetings/wang-yi-cohen-call/") == first  # kept
    services.record_write(meeting, by=services.LOADER, fields={"summary": "A corrected summary."})
    assert "A corrected summary." in page(client, "/meetings/wang-yi-cohen-call/")
    assert timezone.now()


def test_a_records_page_lists_its_public_corrections_with_their_notes(client, editor):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_write(
        meeting,
        by=editor,
        fields={"summary": "A corrected summary."},
        note="The call's summary misnamed the ministry.",
    )
    body = page(client, "/meetings/wang-yi-cohen-call/")
    history = body.split("Corrections and changes")[1]
    assert "Published." in history
    assert "Corrected: summary changed." in history
    assert "Editor's note: The call's summary misnamed the ministry." in history
    assert history.index("Published.") < history.index("Corrected")
    # A draft's edits are nobody's business: its page, once published, lists none.
    source = Source.objects.get(slug="china-leads-push-for-ceasefire")
    draft = services.record_write(
        Meeting(
            slug="a-draft-call", title="A draft call", format="phone", date_precision="unknown"
        ),
        by=services.LOADER,
        fields={"status": "draft", "summary": "First words."},
        citations=[
            services.CitationInput(source=source, excerpt="Han Zheng met with the delegation")
        ],
    )
    services.record_write(draft, by=editor, fields={"summary": "Draft words."})
    services.record_set_status(draft, "published", "", by=services.LOADER)
    history = page(client, "/meetings/a-draft-call/").split("Corrections and changes")[1]
    assert "Published." in history and "Corrected" not in history


def test_every_alternate_a_page_names_answers_in_its_type(client):
    for url in ("/meetings/wang-yi-cohen-call/", "/statements/?speaker=wang-yi&kind=quote", "/"):
        body = client.get(url).content.decode()
        links = re.findall(
            r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"', body
        )
        assert {kind for kind, _ in links} >= {"application/atom+xml"}
        for kind, href in links:
            response = client.get(html.unescape(href))
            assert response.status_code == 200, (url, href, response.content[:200])
            assert response["Content-Type"].startswith(kind), (href, response["Content-Type"])
    csv = client.get("/api/v1/statements.csv?speaker=wang-yi&kind=quote")
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert (
        len(rows) - 1
        == Statement.objects.filter(
            status="published", speaker__slug="wang-yi", kind="quote"
        ).count()
    )


def test_a_list_leaves_out_parameters_no_filter_takes_and_offers_names_not_slugs(client):
    body = page(client, "/statements/?speaker=wang-yi&utm_source=newsletter")
    assert "utm_source" not in body and "/statements/wang-yi-" in body
    assert '<option value="wang-yi" selected>Wang Yi</option>' in body


def test_quotes_read_as_quotes_wherever_they_are_listed(client):
    quote = Statement.objects.filter(
        kind="quote", status="published", speaker__isnull=False
    ).first()
    services.record_write(quote, by=services.LOADER, fields={"date_note": quote.date_note + " "})
    home = page(client, "/")
    assert f"{quote.speaker.name}: “{reading_short(quote.text)}”" in home
    actor = page(client, f"/actors/{quote.speaker.slug}/")
    assert f"“{reading_short(quote.text, 90)}”" in actor


def reading_short(text: str, length: int = 100) -> str:
    from pages.reading import short

    return short(text, length)


def test_whom_an_actor_met_counts_meetings_held_not_planned(client):
    planned = Meeting.objects.get(slug="wang-yi-washington-visit")
    assert planned.occurrence == "planned"
    body = page(client, "/actors/wang-yi/")
    met = body.split("Whom they met")[1]
    assert "/actors/jake-sullivan/" not in met  # only in the planned visit
    assert "Wang Yi's expected visit to Washington (planned)" in body


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the record, its history, its meeting's title, its sources' titles, topics' names
        ("/statements/faisal-message-is-clear/", 5),
        # the record, its history, the statements on it, sources' titles, topics' names
        ("/resolutions/unsc-first-resolution-2023-11/", 5),
        ("/figures/oct7-deaths-more-than-1200/", 3),  # the record, history, source titles
        # seven counts, the latest changes, their records' lines (one query a resource
        # among them), the actors with most meetings, the topics
        ("/", 12),
        # the filter's actor, a count and a page of keys, the records, the form's actors
        # and topics (no claimant among them: none asked)
        ("/meetings/?actor=wang-yi", 6),
        # keys, then records when there are any, for each of three resources (no actor
        # is named "ceasefire")
        ("/search?q=ceasefire", 5),
        ("/sitemap.xml", 14),  # a count, then the records, of each resource
    ],
)
def test_every_page_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        page(client, url)


def test_the_latest_changes_keep_nothing_of_a_retracted_records_content(client, editor):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_write(
        meeting, by=editor, fields={"summary": "Zqold words."}, note="Zqnote: it said zqold."
    )
    assert "Zqnote" in page(client, "/")
    services.record_set_status(meeting, "retracted", "Could not be confirmed.", by=editor)
    home = page(client, "/")
    assert "Could not be confirmed." in home and "wang-yi-cohen-call" in home
    assert "Zqnote" not in home and "zqold" not in home.lower()


def test_a_drafts_address_costs_the_queries_a_missing_one_does(client, django_assert_num_queries):
    Meeting.objects.filter(slug="wang-yi-cohen-call").update(status="draft")
    with CaptureQueriesContext(connection) as draft:
        client.get("/meetings/wang-yi-cohen-call/")
    with CaptureQueriesContext(connection) as missing:
        client.get("/meetings/no-such-call/")
    assert len(draft) == len(missing)


def test_a_page_kept_is_the_same_page_whatever_parameters_it_ignores(client, settings):
    settings.API_CACHE_SECONDS = 60
    page(client, "/meetings/wang-yi-cohen-call/?utm_source=a")
    with CaptureQueriesContext(connection) as kept:
        page(client, "/meetings/wang-yi-cohen-call/?utm_source=b&cb=2")
    assert len(kept) == 1  # the public record's version, then the page from the cache
    page(client, "/meetings/?actor=wang-yi&cb=1")
    with CaptureQueriesContext(connection) as kept:
        body = page(client, "/meetings/?cb=2&actor=wang-yi")
    assert len(kept) == 1 and "/meetings/wang-yi-cohen-call/" in body


def test_a_reader_past_the_limit_is_asked_to_wait(client, monkeypatch):
    from api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    for _ in range(3):
        page(client, "/meetings/wang-yi-cohen-call/")
    response = client.get("/actors/wang-yi/")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "Too many requests" in response.content.decode()
