"""What a reader's page shows, read as the public sees it: published records only.

A record is read through its resource's shape (``diplomacy.shapes``), as the API's detail
reads it, so a page shows what the JSON shows and nothing else; what a page adds (the
statements made at a meeting, an actor's timeline, the records citing an article) is read
here, over published records only, in a fixed number of queries per page.
"""

import datetime
import functools
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from diplomacy.changes import PUBLIC_ACTIONS, last_action, public_history
from diplomacy.choices import ChangeAction, Occurrence, PublicationStatus
from diplomacy.compiled import CompiledRead, compile_read
from diplomacy.models import (
    Actor,
    Change,
    Citation,
    Meeting,
    Participation,
    Resolution,
    Source,
    Statement,
    Topic,
)
from diplomacy.projection import Context, path_template, read_rows
from diplomacy.shapes import RESOURCES as SHAPES
from diplomacy.visibility import PUBLIC, renamed_to
from pages import wording

PUBLISHED = PublicationStatus.PUBLISHED
# Each resource's page, by the resource's name in the API.
SINGULAR = {name: name.removesuffix("s") for name in SHAPES}
# The records a citation may belong to, by the citation's field, with the resource whose
# page shows them (a post is shown on its holder's page).
CITING = {
    "meeting": ("meetings", "meeting__slug", "meeting__title", "meeting__status"),
    "statement": ("statements", "statement__slug", "statement__text", "statement__status"),
    "resolution": ("resolutions", "resolution__slug", "resolution__title", "resolution__status"),
    "figure": ("figures", "figure__slug", "figure__summary", "figure__status"),
    "position": ("actors", "position__actor__slug", "position__title", "position__status"),
}
# Drawn in a network at most: the rest are listed beside it.
NETWORK_SIZE = 24


class Retracted(Exception):
    """The record was withdrawn: its slug and the reason are all a reader gets."""

    def __init__(self, slug: str, reason: str):
        super().__init__(reason)
        self.slug, self.reason = slug, reason


class Renamed(Exception):
    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


def page_url(resource: str, slug: str) -> str:
    return path_template(f"pages:{SINGULAR[resource]}").format(slug)


def public_record(resource: str, slug: str, context: Context, using: str) -> dict:
    """The published record with this slug as the API shows it, with its key as ``id``.

    Raises ``Renamed`` for a slug the public saw before a rename, ``Retracted`` for a
    retracted record and ``Http404`` for any other: a draft's slug answers exactly as a
    slug nobody used."""
    shape = SHAPES[resource]
    found = read_rows(shape, [slug], context, using, by="slug", detail=True)
    row = found[0] if found else None
    if row is not None and row["status"] == PublicationStatus.RETRACTED:
        raise Retracted(slug, row["retraction_reason"])
    if row is None or row["status"] != PUBLISHED:
        # Asked of a draft's slug too: a hidden record costs what a missing one does, so no
        # timing tells them apart (a draft's slug is never another record's former one).
        renamed = renamed_to(shape.model, slug, PUBLIC, using)
        if renamed is not None and row is None:
            raise Renamed(renamed)
        raise Http404
    record = shape.render(row, context, detail=True)
    record["id"] = row["id"]
    return record


def actor_names(slugs, using: str) -> dict[str, str]:
    """The names of the published actors with these slugs."""
    return dict(fetch("actor names", {slug for slug in slugs if slug}, using))


def slugs_in(record: dict) -> set[str]:
    """The actor slugs a record names without their names (a claimant, an attribution,
    an affiliation, a post's organization)."""
    found = {record.get("claimed_by"), record.get("affiliation")}
    for citation in record.get("citations", ()):
        found.add(citation["attributed_to"])
    for post in record.get("positions", ()):
        found.add(post["organization"])
        for citation in post["citations"]:
            found.add(citation["attributed_to"])
    return found - {None}


def source_titles(record: dict, using: str) -> dict[str, str]:
    cited = {citation["source"] for citation in record.get("citations", ())}
    for post in record.get("positions", ()):
        cited |= {citation["source"] for citation in post["citations"]}
    if record.get("outlet_reading_source"):
        cited.add(record["outlet_reading_source"])
    return {
        slug: title or untitled(outlet)
        for slug, title, outlet in fetch("source titles", cited, using)
    }


def untitled(outlet: str | None) -> str:
    """An article the record knows no headline of, as a reader would name it."""
    return f"Untitled article, {outlet}" if outlet else "Untitled article"


def titled(resource: str, slug: str | None, using: str) -> str | None:
    """The title of the published meeting or resolution with this slug."""
    found = fetch(f"{resource} titles", [slug] if slug else [], using)
    return found[0][1] if found else None


# The reads a page adds to its record's, each compiled once per process and per number of
# keys (``diplomacy.compiled``), as the records' own reads are: building a query with the
# ORM costs more than running it.
QUERIES = {
    "actor names": lambda keys: (
        Actor.objects.filter(status=PUBLISHED).filter(slug__in=keys).values_list("slug", "name")
    ),
    "source titles": lambda keys: (
        Source.objects.filter(status=PUBLISHED)
        .filter(slug__in=keys)
        .values_list("slug", "title", "outlet")
    ),
    "meetings titles": lambda keys: (
        Meeting.objects.filter(status=PUBLISHED).filter(slug__in=keys).values_list("slug", "title")
    ),
    "resolutions titles": lambda keys: (
        Resolution.objects.filter(status=PUBLISHED)
        .filter(slug__in=keys)
        .values_list("slug", "title")
    ),
    "statements at": lambda keys: (
        Statement.objects.filter(status=PUBLISHED)
        .filter(Q(speaker__isnull=True) | Q(speaker__status=PUBLISHED))
        .filter(meeting_id__in=keys)
        .order_by("date_start", "slug")
        .values_list("slug", "text", "kind", "speaker__name")
    ),
    "statements on": lambda keys: (
        Statement.objects.filter(status=PUBLISHED)
        .filter(Q(speaker__isnull=True) | Q(speaker__status=PUBLISHED))
        .filter(resolution_id__in=keys)
        .order_by("date_start", "slug")
        .values_list("slug", "text", "kind", "speaker__name")
    ),
    "topic names": lambda keys: (
        Topic.objects.filter(status=PUBLISHED).filter(slug__in=keys).values_list("slug", "name")
    ),
}
BY_KEY = {"statements at", "statements on"}  # the others are read by slug


@functools.cache
def compiled_query(name: str, count: int, using: str) -> CompiledRead:
    if name in BY_KEY:
        placeholders = list(range(-count, 0))
    else:
        placeholders = [f"\0{number}" for number in range(count)]
    return compile_read(QUERIES[name](placeholders).using(using), placeholders)


def fetch(name: str, keys, using: str) -> list[list]:
    """The rows of the named read for these keys (slugs, or a record's key)."""
    keys = sorted(keys)
    if not keys:
        return []
    return compiled_query(name, len(keys), using).run(using, keys)[1]


# What names a record in a line about it: the field, by resource.
NAMED_BY = {
    "meetings": "title",
    "statements": "text",
    "resolutions": "title",
    "figures": "summary",
    "actors": "name",
    "sources": "title",
    "topics": "name",
}
# How a change reads on a page.
DONE = {
    ChangeAction.CREATED: "Published",
    ChangeAction.UPDATED: "Corrected",
    ChangeAction.RENAMED: "Moved to a new address",
    ChangeAction.RETRACTED: "Retracted",
    ChangeAction.WITHDRAWN: "Withdrawn",
}


def names_of(entries: list[Change], using: str) -> dict[tuple[str, int], str]:
    """A line's worth of each published record the entries are about: one query per
    resource among them. A record no longer published is named by its slug alone."""
    keys = defaultdict(set)
    for entry in entries:
        if entry.resource in NAMED_BY:
            keys[entry.resource].add(entry.object_id)
    found = {}
    for resource, ids in keys.items():
        rows = SHAPES[resource].model.objects.using(using).filter(pk__in=ids, status=PUBLISHED)
        if resource == "statements":
            for key, text, kind, speaker in rows.values_list("pk", "text", "kind", "speaker__name"):
                found[(resource, key)] = wording.said(kind, short(text, 100), speaker)
            continue
        for key, text in rows.values_list("pk", NAMED_BY[resource]):
            found[(resource, key)] = short(text or "", 100)
    return found


def latest_changes(count: int, using: str) -> list[Change]:
    """The last changes to the public record, newest first. Of a record no longer public,
    an entry keeps its action, time, slug and reason: its fields and note, which told of
    its content, are blanked, as its own history blanks them (``public_history``)."""
    entries = list(Change.objects.using(using).annotate(now=last_action()).order_by("-id")[:count])
    for entry in entries:
        if entry.now not in PUBLIC_ACTIONS:
            entry.fields, entry.note = None, ""
    return entries


def history(resource: str, key: int, using: str) -> list[Change]:
    """What the public saw happen to the record: published, corrected, renamed."""
    return public_history(SHAPES[resource].model, key, using)


# The dated records an actor took part in, for their timeline.
@dataclass
class Span:
    resource: str
    slug: str
    label: str
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    left: float = 0.0
    width: float = 0.0

    @property
    def when(self) -> str:
        return wording.interval(self.start, self.end)

    @property
    def url(self) -> str:
        return page_url(self.resource, self.slug)

    @property
    def is_range(self) -> bool:
        return wording.is_range(self.start, self.end)


@dataclass
class Timeline:
    spans: list[Span]
    undated: list[Span]
    first: datetime.date | None = None
    last: datetime.date | None = None
    ticks: list[tuple[float, str]] = field(default_factory=list)


def timeline(actor_id: int, using: str) -> Timeline:
    """The actor's meetings and statements on one axis, each drawn over its whole
    interval: an uncertain date is a long bar, not a point."""
    meetings = (
        Meeting.objects.using(using)
        .filter(status=PUBLISHED, participations__actor_id=actor_id)
        .distinct()
        .values_list("slug", "title", "occurrence", "date_start", "date_end", "date_precision")
    )
    statements = (
        Statement.objects.using(using)
        .filter(status=PUBLISHED, speaker_id=actor_id)
        .values_list("slug", "text", "kind", "date_start", "date_end", "date_precision")
    )
    spans = [
        Span("meetings", slug, title + (" (planned)" if occurrence == "planned" else ""), *rest)
        for slug, title, occurrence, *rest in meetings
    ]
    spans += [
        Span("statements", slug, wording.said(kind, short(text)), *rest)
        for slug, text, kind, *rest in statements
    ]
    dated = [span for span in spans if span.start and span.end]
    undated = [span for span in spans if not (span.start and span.end)]
    dated.sort(key=lambda span: (span.start, span.end, span.resource, span.slug))
    drawn = Timeline(dated, undated)
    if dated:
        first = min(span.start for span in dated).replace(day=1)
        last = max(span.end for span in dated)
        days = (last - first).days + 1
        for span in dated:
            span.left = 100 * (span.start - first).days / days
            span.width = max(100 * ((span.end - span.start).days + 1) / days, 0.6)
        drawn.first, drawn.last = first, last
        drawn.ticks = month_ticks(first, last, days)
    return drawn


def month_ticks(first: datetime.date, last: datetime.date, days: int) -> list:
    """Marks on the axis: the first of each month, at most six labelled, each with its
    year when the year is new: (position in percent, label, whether it sits right)."""
    months = []
    moment = first
    while moment <= last:
        months.append(moment)
        moment = (moment + datetime.timedelta(days=32)).replace(day=1)
    step = max(1, -(-len(months) // 6))
    ticks, year = [], None
    for month in months[::step]:
        label = f"{month:%b}" if month.year == year else f"{month:%b %Y}"
        year = month.year
        place = round(100 * (month - first).days / days, 2)
        ticks.append((place, label, place > 75))
    return ticks


def short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


@dataclass
class Node:
    slug: str
    name: str
    meetings: int
    x: float = 0.0
    y: float = 0.0
    anchor: str = "start"


def network(actor_id: int, using: str) -> list[Node]:
    """Whom the actor met: every published actor who took part in one of their published
    meetings held (a planned one is not a meeting yet), with how many they shared, most
    first; placed on a circle around them."""
    rows = (
        Participation.objects.using(using)
        .filter(
            meeting__status=PUBLISHED,
            meeting__occurrence=Occurrence.HELD,
            meeting__participations__actor_id=actor_id,
            actor__status=PUBLISHED,
        )
        .exclude(actor_id=actor_id)
        .values_list("meeting_id", "actor__slug", "actor__name")
        .distinct()
    )
    shared = Counter()
    names = {}
    for _, slug, name in rows:
        shared[slug] += 1
        names[slug] = name
    nodes = [Node(slug, names[slug], count) for slug, count in shared.items()]
    nodes.sort(key=lambda node: (-node.meetings, node.name))
    drawn = nodes[:NETWORK_SIZE]
    for index, node in enumerate(drawn):
        angle = 2 * math.pi * index / max(len(drawn), 1) - math.pi / 2
        node.x = round(200 + 140 * math.cos(angle), 1)
        node.y = round(200 + 140 * math.sin(angle), 1)
        node.anchor = (
            "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        )
    return nodes


def statements_at(meeting_id: int, using: str, read: str = "statements at") -> list[dict]:
    """The published statements made at the meeting (or, read "statements on", made on
    the resolution), with their speakers' names."""
    columns = ("slug", "text", "kind", "speaker_name")
    return [dict(zip(columns, row, strict=True)) for row in fetch(read, [meeting_id], using)]


def topic_names(record: dict, using: str) -> dict[str, str]:
    return dict(fetch("topic names", record.get("topics", ()), using))


def choices(kind: str, using: str) -> list[tuple[str, str]]:
    """What a list's box offers: the published actors or topics, by name."""
    model = Actor if kind == "actors" else Topic
    rows = model.objects.using(using).filter(status=PUBLISHED).order_by("name", "slug")
    return list(rows.values_list("slug", "name"))


def tagged(topic_id: int, using: str) -> dict[str, list]:
    """The published records on a topic, by resource, latest first."""
    found = {}
    for resource, model, label in (
        ("meetings", Meeting, "title"),
        ("statements", Statement, "text"),
        ("resolutions", Resolution, "title"),
    ):
        quoted = resource == "statements"
        rows = (
            model.objects.using(using)
            .filter(status=PUBLISHED, topics__id=topic_id)
            .order_by("-date_start", "slug")
            .values_list(
                "slug",
                label,
                "date_start",
                "date_end",
                "kind" if quoted else "slug",
                "speaker__name" if quoted else "slug",
            )
        )
        found[resource] = [
            {
                "url": page_url(resource, slug),
                "label": wording.said(kind, short(text), speaker) if quoted else short(text),
                "when": wording.interval(start, end),
            }
            for slug, text, start, end, kind, speaker in rows
        ]
    return found


@dataclass
class Passage:
    """A cited span of an article: its words' offsets, its number, the records citing it."""

    number: int
    start: int
    end: int
    records: list[dict]

    @property
    def anchor(self) -> str:
        return f"c-{self.start}-{self.end}"


@dataclass
class Segment:
    start: int
    text: str
    cited: bool
    opens: list[Passage]
    closes: list[Passage]


def passages(source_id: int, using: str) -> list[Passage]:
    """Each span of the article a published record cites, with the records citing it."""
    visible = Q()
    for _, _, _, status in CITING.values():
        visible |= Q(**{status: PUBLISHED})
    columns = ["start", "end"]
    for _, slug, label, status in CITING.values():
        columns += [slug, label, status]
    rows = Citation.objects.using(using).filter(source_id=source_id).filter(visible)
    records = defaultdict(dict)
    extra = ("position__actor__status", "position__actor__name", "statement__kind")
    for row in rows.values(*columns, *extra, "statement__speaker__name"):
        for resource, slug, label, status in CITING.values():
            if row[status] != PUBLISHED:
                continue
            if resource == "actors":
                if row["position__actor__status"] != PUBLISHED:
                    continue
                text = f"{row['position__actor__name']}: {row[label]}"
            elif resource == "statements":
                speaker = row["statement__speaker__name"]
                text = wording.said(row["statement__kind"], short(row[label]), speaker)
            else:
                text = short(row[label] or row[slug])
            key = (resource, row[slug])
            records[(row["start"], row["end"])][key] = {
                "url": page_url(resource, row[slug]),
                "label": text,
            }
    spans = sorted(records)
    return [
        Passage(number, start, end, list(records[(start, end)].values()))
        for number, (start, end) in enumerate(spans, 1)
    ]


def segments(text: str, cited: list[Passage]) -> list[Segment]:
    """The article cut at every cited span's ends: each piece says whether it is cited,
    which spans open where it begins and which close where it ends."""
    cuts = sorted({0, len(text), *(p.start for p in cited), *(p.end for p in cited)})
    opening, closing = defaultdict(list), defaultdict(list)
    for passage in cited:
        opening[passage.start].append(passage)
        closing[passage.end].append(passage)
    pieces, depth = [], 0  # how many cited spans cover the piece: counted, not searched
    for start, end in itertools.pairwise(cuts):
        depth += len(opening[start]) - len(closing[start])
        cited_here = depth > 0
        pieces.append(Segment(start, text[start:end], cited_here, opening[start], closing[end]))
    return pieces
