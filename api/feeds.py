"""Public documents to subscribe to: an Atom feed (RFC 4287) of each resource, and an
iCalendar feed (RFC 5545) of meetings.

A feed is read by feed readers and calendars that keep what they fetched, so it is
always the public's view, whoever asks: a curator's session never carries a draft
into it. Each feed takes the filters of its resource's list, evaluated over published
records only, and renders them through the list's shape (``diplomacy.projection.read``),
so an entry holds what the API shows. Every Atom feed of a resource, filtered or not,
also carries that resource's retractions, each as its address, time and reason and
nothing else: no filter is ever evaluated against a retracted record's content, so a
feed cannot tell whether a guess matches it. Retracted meetings leave the calendar. An
entry of a record corrected while public says so first: its last correction's note and
the fields its last change changed (``last_corrections``).
"""

import datetime
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

import orjson
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from icalendar import Calendar, Event
from rest_framework import generics, renderers
from rest_framework.response import Response

from api import entries
from api.filters.base import PAGINATION_PARAMETERS, FilterBackend
from api.limits import time_limit
from api.resources import RESOURCES, Resource
from api.schema import ProblemAutoSchema
from diplomacy.changes import CORRECTIONS
from diplomacy.choices import (
    Attestation,
    ChangeAction,
    DatePrecision,
    MeetingFormat,
    Occurrence,
    PublicationStatus,
)
from diplomacy.dating import last_day_of_month
from diplomacy.models import Change, Meeting, Source
from diplomacy.projection import Context, read
from diplomacy.shapes import MEETING
from diplomacy.visibility import PUBLIC, Visibility

# Entry ids and calendar UIDs are UUIDs named in this namespace by the resource and the
# slug a record was first published under: fixed from then on, through renames.
NAMESPACE = uuid.UUID("e4f69836-1276-4790-b9c7-7582b5d46756")
FEED_LIMIT = 50  # entries in an Atom feed: the records changed last
CALENDAR_LIMIT = 200  # events in the calendar: the latest-dated meetings
TEAM = "The diplomacy event data team"
# The "updated" of a feed without entries: a fixed instant, so that its ETag holds.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class PublicLife:
    """A record's life in the change log: how many times it changed in public since it
    entered the public record, and the slug it entered under (its entry id and UID)."""

    revisions: int
    first_slug: str


def public_lives(resource: str, keys: list[int], using: str) -> dict[int, PublicLife]:
    """Each record's ``PublicLife``: one query."""
    if not keys:
        return {}
    entries = Change.objects.using(using).filter(resource=resource)
    first = entries.filter(object_id=OuterRef("object_id")).order_by("id").values("slug")[:1]
    counted = (
        entries.filter(object_id__in=keys)
        .values("object_id")
        .annotate(entries=Count("id"), first_slug=Subquery(first))
        .order_by()
    )
    return {
        row["object_id"]: PublicLife(max(row["entries"] - 1, 0), row["first_slug"])
        for row in counted
    }


@dataclass(frozen=True)
class Correction:
    """What a record's feed entry says of its corrections: the fields its last change
    changed, and the last correction note an editor wrote, with its time."""

    fields: list[str]
    note: str = ""
    noted_at: datetime.datetime | None = None

    def lines(self) -> str:
        return entries.lines(
            self.note and f"Corrected {self.noted_at:%Y-%m-%d}: {self.note}",
            self.fields and f"Changed: {', '.join(self.fields)}.",
        )


def last_corrections(resource: str, keys: list[int], using: str) -> dict[int, Correction]:
    """Each record's ``Correction``, of those corrected while public: one query, of their
    last entries and their last entries with a note."""
    if not keys:
        return {}
    logged = Change.objects.using(using).filter(resource=resource, object_id__in=keys)
    last = logged.values("object_id").annotate(last=Max("id")).values("last")
    noted = logged.exclude(note="").values("object_id").annotate(last=Max("id")).values("last")
    rows = (
        Change.objects.using(using)
        .filter(Q(id__in=last) | Q(id__in=noted))
        .order_by("id")
        .values("object_id", "action", "at", "fields", "note")
    )
    found: dict[int, Correction] = {}
    for row in rows:  # the noted entry first, when it is not the last
        before = found.get(row["object_id"])
        fields = row["fields"] if row["action"] in CORRECTIONS else None
        correction = Correction(
            fields or [],
            row["note"] or (before.note if before else ""),
            row["at"] if row["note"] else (before.noted_at if before else None),
        )
        if correction.fields or correction.note:
            found[row["object_id"]] = correction
    return found


def entry_uuid(plural: str, row: dict, lives: dict[int, PublicLife]) -> uuid.UUID:
    """Named by the slug the record was first published under: a rename keeps it."""
    life = lives.get(row["pk"])
    return record_uuid(plural, life.first_slug if life else row["slug"])


def public_context(request) -> Context:
    return Context(
        visibility=PUBLIC,
        zone=timezone.get_current_timezone(),
        root=f"{request.scheme}://{request.get_host()}",
    )


def record_uuid(plural: str, slug: str) -> uuid.UUID:
    """Named by a slug: never by the record's key, whose gaps would count the drafts."""
    return uuid.uuid5(NAMESPACE, f"{plural}/{slug}")


def feed_filterset(filterset_class: type, limit: int, order: str) -> type:
    """The list's filterset for a feed: the same filters, over what the public sees, without
    paging or ordering (a feed has its own ``order``)."""

    def visibility(self) -> Visibility:
        return PUBLIC

    no_pages = (
        f"A feed does not page: it holds at most {limit} records. Narrow it with the filters."
    )
    return type(
        filterset_class.__name__.replace("Filter", "FeedFilter"),
        (filterset_class,),
        {
            "__module__": __name__,
            "ordering": None,  # removes the list's ordering filter
            "visibility": visibility,
            "refused": {name: no_pages for name in PAGINATION_PARAMETERS}
            | {"ordering": f"A feed has one order: {order}."},
        },
    )


def retractions(model: type, plural: str, using: str, limit: int) -> list[dict]:
    """The records of ``model`` retracted last: their slug, reason and the time of their
    retraction (its change feed entry), and nothing of their content."""
    retracted_at = (
        Change.objects.using(using)
        .filter(resource=plural, object_id=OuterRef("pk"), action=ChangeAction.RETRACTED)
        .order_by("-id")
        .values("at")[:1]
    )
    rows = (
        model._default_manager.using(using)
        .filter(status=PublicationStatus.RETRACTED)
        .annotate(at=Coalesce(Subquery(retracted_at), "updated_at"))
        .order_by("-at", "-pk")
        .values("pk", "slug", "retraction_reason", "at")
    )
    return list(rows[:limit])


class FeedSchema(ProblemAutoSchema):
    """A feed is documented as a list is: its filters and a list's errors. Its body is
    one document, not an array of records."""

    def _is_list_view(self, serializer=None) -> bool:
        return serializer is None


class DocumentRenderer(renderers.BaseRenderer):
    """Passes on the document the view wrote. A problem that comes before the format is
    chosen (406) is written as JSON; ``api.errors`` marks it problem+json."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):
            return orjson.dumps(data)
        return data


class AtomRenderer(DocumentRenderer):
    media_type = "application/atom+xml"
    format = "atom"


class CalendarRenderer(DocumentRenderer):
    media_type = "text/calendar"
    format = "ics"


class FeedView(generics.GenericAPIView):
    """What the Atom feeds and the calendar share: the list's filters over public rows."""

    http_method_names = ["get", "head"]
    filter_backends = [FilterBackend]  # for the schema: drf-spectacular documents the filters
    schema = FeedSchema()
    plural: str
    model: type

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def matching(self) -> QuerySet:
        """The published records the filters select; a bad filter is a 400 problem, as for
        the list."""
        query = self.filterset_class(
            self.request.query_params, self.get_queryset(), request=self.request
        )
        if not query.is_valid():
            raise translate_validation(query.errors)
        return query.rows()

    def query_string(self) -> str:
        """The filters given, in a canonical order."""
        return urlencode(sorted(self.request.query_params.lists()), doseq=True)

    def list_url(self) -> str:
        """The list's page for readers, with the same filters."""
        url = self.request.build_absolute_uri(reverse(f"pages:{self.plural}"))
        query = self.query_string()
        return f"{url}?{query}" if query else url


# Atom


@dataclass(frozen=True)
class Link:
    href: str
    title: str


# Characters XML 1.0 and iCalendar text cannot hold (control characters but tab and line
# ends, lone surrogates, U+FFFE and U+FFFF): a record may hold them, a feed shows U+FFFD.
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def showable(value):
    """Text a feed can carry, as close to the record's as it allows."""
    if isinstance(value, str):
        return UNSHOWABLE.sub("\ufffd", value)
    if isinstance(value, list | tuple):
        return [showable(item) for item in value]
    if isinstance(value, Link):
        return Link(value.href, showable(value.title))
    return value


class AtomFeed(Atom1Feed):
    """Django's Atom writer, with a plain-text summary, each entry's page as its link and
    its JSON as another, links to the pages of the sources each entry cites, and an
    ``updated`` that is the newest entry's (never the time of the request)."""

    def __init__(self, *args, updated: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime.datetime:
        return self.updated

    def add_item_elements(self, handler, item):
        item = {name: showable(value) for name, value in item.items()}
        super().add_item_elements(handler, {**item, "description": None})
        handler.addQuickElement("summary", item["description"], {"type": "text"})
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": "application/json", "href": item["json"]}
        )
        for link in item["related"]:
            handler.addQuickElement(
                "link", "", {"rel": "related", "href": link.href, "title": link.title}
            )


def cited_sources(records: list[dict]) -> dict[str, tuple[str, str | None]]:
    """The title and article address of each source the records cite: one query."""
    slugs = {citation["source"] for record in records for citation in record.get("citations", ())}
    if not slugs:
        return {}
    found = Source.objects.filter(PUBLIC.condition(Source), slug__in=slugs)
    return {
        slug: (title or slug, url) for slug, title, url in found.values_list("slug", "title", "url")
    }


def related_links(record: dict, context: Context, sources: dict) -> list[Link]:
    """The page of each source the record cites, then its article's, once each."""
    links = []
    if record.get("article_url"):  # a source's own article
        links.append(Link(record["article_url"], f"{entries.source_title(record)} (article)"))
    for slug in dict.fromkeys(citation["source"] for citation in record.get("citations", ())):
        title, url = sources.get(slug, (slug, None))
        links.append(Link(context.url("pages:source", slug), title))
        if url:
            links.append(Link(url, f"{title} (article)"))
    return links


class AtomFeedView(FeedView):
    """The records of one resource changed last, as an Atom feed."""

    renderer_classes = [AtomRenderer]
    feed: Resource

    def document(self) -> bytes:
        rows = self.matching().order_by("-updated_at", "-pk")
        with time_limit(rows.db):
            changed = list(rows.values("pk", "slug", "created_at", "updated_at")[:FEED_LIMIT])
            withdrawn = retractions(self.model, self.plural, rows.db, FEED_LIMIT)
        # The newest changes of both kinds, newest first.
        entries = sorted(
            [(row["updated_at"], row) for row in changed] + [(row["at"], row) for row in withdrawn],
            key=lambda entry: entry[0],
            reverse=True,
        )[:FEED_LIMIT]
        shown = [row["pk"] for _, row in entries if "retraction_reason" not in row]
        context = public_context(self.request)
        records = read(self.feed.viewset.shape, shown, context, rows.db)
        sources = cited_sources(records)
        lives = public_lives(self.plural, [row["pk"] for _, row in entries], rows.db)
        corrections = last_corrections(self.plural, shown, rows.db)
        feed = AtomFeed(
            title=f"{self.plural.capitalize()}: diplomacy event data",
            link=self.list_url(),
            description="",
            subtitle=f"The {FEED_LIMIT} {self.plural} changed last of those matching the "
            f"filters, and the {self.plural} retracted last, with the reason.",
            language="en",
            author_name=TEAM,
            feed_url=self.request.build_absolute_uri(),
            feed_guid=uuid.uuid5(NAMESPACE, f"feeds/{self.plural}?{self.query_string()}").urn,
            updated=entries[0][0] if entries else NEVER,
        )
        by_slug = {record["slug"]: record for record in records}
        for _, row in entries:
            entry_id = entry_uuid(self.plural, row, lives).urn
            if "retraction_reason" in row:
                self.add_retraction(feed, row, entry_id, context)
            elif row["slug"] in by_slug:  # retracted since its key was read: left out
                record = by_slug[row["slug"]]
                life = lives.get(row["pk"])
                change = "updated" if life and life.revisions else "new"
                correction = corrections.get(row["pk"])
                self.add_entry(feed, record, row, entry_id, change, context, sources, correction)
        return feed.writeString("utf-8").encode()

    def add_entry(
        self,
        feed: AtomFeed,
        record,
        row,
        entry_id: str,
        change: str,
        context,
        sources,
        correction: Correction | None = None,
    ) -> None:
        title = self.feed.title(record)
        summary = self.feed.summary(record) or title
        feed.add_item(
            title=title,
            link=context.url(f"pages:{self.basename}", record["slug"]),
            json=context.url(f"api:{self.basename}-detail", record["slug"]),
            description=entries.lines(correction and correction.lines(), summary),
            unique_id=entry_id,
            pubdate=row["created_at"],
            updateddate=row["updated_at"],
            categories=[change],
            related=related_links(record, context, sources),
        )

    def add_retraction(self, feed: AtomFeed, row, entry_id: str, context) -> None:
        """As the record's address says (410): that it was retracted, when and why."""
        title = f"Retracted: {self.basename} {row['slug']}"
        feed.add_item(
            title=title,
            link=context.url(f"pages:{self.basename}", row["slug"]),
            json=context.url(f"api:{self.basename}-detail", row["slug"]),
            description=f"Retracted: {row['retraction_reason']}",
            unique_id=entry_id,
            updateddate=row["at"],
            categories=["retracted"],
            related=[],
        )


def atom_view(feed: Resource) -> type[AtomFeedView]:
    @extend_schema(
        operation_id=f"{feed.name}_feed",
        summary=f"Atom feed of {feed.name}",
        description=f"The {FEED_LIMIT} {feed.name} changed last that match the filters "
        "(those of the list, over published records), and every retraction of "
        f"{feed.name} whatever the filters, newest first, as an Atom feed (RFC 4287). It "
        "is the public's view whoever asks; never a draft. A retraction is an entry titled "
        "and categorized `retracted` with the time and reason and nothing of the record. "
        "Each entry's id is stable (a UUID URN), its category says `new`, `updated` or "
        "`retracted`, and it links to the record and to each source it cites and that "
        "source's article. It does not page: `cursor` and `page_size` are refused.",
        responses={
            (200, AtomRenderer.media_type): OpenApiResponse(
                OpenApiTypes.STR, description="An Atom 1.0 feed document."
            )
        },
    )
    def get(self, request, *args, **kwargs):
        return Response(self.document())

    model = feed.viewset.shape.model
    return type(
        f"{model.__name__}FeedView",
        (AtomFeedView,),
        {
            "__module__": __name__,
            "__doc__": f"The Atom feed of {feed.name}.",
            "feed": feed,
            "plural": feed.name,
            "basename": feed.basename,
            "model": model,
            "filterset_class": feed_filterset(
                feed.viewset.filterset_class, FEED_LIMIT, "the last changed first"
            ),
            "get": get,
        },
    )


# iCalendar


def day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def uncertainty(start: datetime.date, end: datetime.date, precision: str) -> str:
    """What the calendar's days mean when the sources do not give the day."""
    if start == end:
        return ""
    whole_month = start.day == 1 and end == last_day_of_month(start)
    whole_year = (start.month, start.day) == (1, 1) and end == start.replace(month=12, day=31)
    if precision == DatePrecision.MONTH and whole_month:
        return f"Date known to the month only: some day in {start:%B %Y}."
    if precision == DatePrecision.YEAR and whole_year:
        return f"Date known to the year only: some day in {start.year}."
    return f"Date known only as a range: some day from {day(start)} to {day(end)}."


def event_status(record: dict) -> str:
    """Tentative when planned, or when one party alone claims it; confirmed otherwise."""
    if record["occurrence"] == Occurrence.PLANNED or record["attestation"] == Attestation.CLAIMED:
        return "TENTATIVE"
    return "CONFIRMED"


def event_description(record: dict) -> str:
    start, end = record["date_start"], record["date_end"]
    participants = ", ".join(
        f"{participant['actor']['name']} ({participant['role']})"
        for participant in record["participants"]
    )
    return entries.lines(
        uncertainty(start, end, record["date_precision"]),
        record["date_note"],
        "Planned: reported before it happened."
        if record["occurrence"] == Occurrence.PLANNED
        else "",
        f"Format: {MeetingFormat(record['format']).label}.",
        participants and f"Participants: {participants}.",
        record["summary"],
    )


def meeting_event(record: dict, row: dict, lives: dict[int, PublicLife]) -> Event:
    """A meeting as an all-day event over the days the sources allow; no time of day is
    ever given, since the sources give none."""
    event = Event()
    life = lives.get(row["pk"])
    event.add("uid", str(entry_uuid("meetings", row, lives)))
    event.add("dtstamp", row["updated_at"])
    event.add("sequence", life.revisions if life else 0)
    event.add("dtstart", record["date_start"])
    event.add("dtend", record["date_end"] + datetime.timedelta(days=1))  # exclusive
    event.add("transp", "TRANSPARENT")
    event.add("status", event_status(record))
    event.add("description", showable(event_description(record)))
    event.add("url", record["html_url"])
    event.add("summary", showable(record["title"]))
    location = ", ".join(filter(None, record["location"].values()))
    if location:
        event.add("location", showable(location))
    event.add("categories", [record["kind"]])
    event.add("created", row["created_at"])
    event.add("last-modified", row["updated_at"])
    return event


class MeetingCalendarView(FeedView):
    """The meetings as an iCalendar feed."""

    renderer_classes = [CalendarRenderer]
    plural = "meetings"
    basename = "meeting"
    model = Meeting
    filterset_class = feed_filterset(
        RESOURCES["meetings"].viewset.filterset_class, CALENDAR_LIMIT, "the latest dated first"
    )

    @extend_schema(
        operation_id="meetings_calendar",
        summary="Calendar of meetings",
        description=f"The {CALENDAR_LIMIT} latest-dated meetings that match the filters "
        "(those of the list) as an iCalendar feed (RFC 5545), one all-day VEVENT each "
        "over the days the sources allow (DTEND is the day after the last); when the day "
        "is not known, DESCRIPTION says so. Undated meetings are left out. It is the "
        "public's view whoever asks: published meetings only (a retraction is in the Atom "
        "and change feeds); planned ones are TENTATIVE. UID is fixed when a meeting is "
        "first published (a rename keeps it); SEQUENCE counts its changes. It does not "
        "page: `cursor` and `page_size` are refused.",
        responses={
            (200, CalendarRenderer.media_type): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar (VCALENDAR) document."
            )
        },
    )
    def get(self, request, *args, **kwargs):
        return Response(self.document())

    def document(self) -> bytes:
        rows = (
            self.matching()
            .filter(date_start__isnull=False)
            .order_by("-date_start", "-date_end", "-pk")
        )
        with time_limit(rows.db):
            dated = list(rows.values("pk", "slug", "created_at", "updated_at")[:CALENDAR_LIMIT])
        keys = [row["pk"] for row in dated]
        records = read(MEETING, keys, public_context(self.request), rows.db)
        lives = public_lives(self.plural, keys, rows.db)
        calendar = Calendar()
        calendar.add("prodid", "-//Diplomacy event data//Meetings//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", "Meetings: diplomacy event data")
        calendar.add(
            "x-wr-caldesc",
            f"The {CALENDAR_LIMIT} latest-dated meetings matching the filters, as all-day "
            "events over the days the sources allow. Undated and retracted meetings are "
            "left out.",
        )
        by_slug = {row["slug"]: row for row in dated}
        for record in records:
            row = by_slug[record["slug"]]
            calendar.add_component(meeting_event(record, row, lives))
        return calendar.to_ical()


urlpatterns = [
    *(
        path(f"{feed.name}/feed/", atom_view(feed).as_view(), name=f"{feed.basename}-feed")
        for feed in RESOURCES.values()
    ),
    path("meetings/calendar/", MeetingCalendarView.as_view(), name="meeting-calendar"),
]
