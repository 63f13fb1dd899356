"""The lean read path of the list endpoints: plain rows in, documented JSON out.

A list page costs at most three queries: a bounded count, the page's rows as
``values()``, and one query that gathers the related records of every row on
the page as JSON arrays. The read serializers stay the documentation of each
shape (and serve the details); tests hold the two outputs equal.
"""

import datetime
import functools

import orjson
from django.db import connections
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from diplomacy.aggregation import json_rows, related_count
from diplomacy.dating import edtf_interval
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
from diplomacy.visibility import Visibility

CURATION_COLUMNS = ("status", "created_at", "updated_at")
ACTOR_REFERENCE = {"slug": "actor__slug", "name": "actor__name", "kind": "actor__kind"}


def citations(visibility: Visibility, parent: str):
    """The record's citations of sources the viewer may see."""
    return json_rows(
        Citation.objects.filter(visibility.condition(Source, "source")),
        parent,
        id="id",
        source="source__slug",
        excerpt="excerpt",
        start="start",
        end="end",
        attribution="attribution",
        attributed_to=visibility.reference(Actor, "attributed_to", "slug"),
        published_on="source__date_start",
        source_id="source_id",
    )


def topic_slugs(visibility: Visibility, through: type[Model], parent: str):
    rows = through.objects.filter(visibility.condition(Topic, "topic"))
    return json_rows(rows, parent, slug="topic__slug")


def actor_references(visibility: Visibility, through: type[Model], parent: str):
    """Links to actors (``through`` rows with an ``actor``) the viewer may see."""
    rows = through.objects.filter(visibility.condition(Actor, "actor"))
    return json_rows(rows, parent, **ACTOR_REFERENCE)


def reference_lookups(visibility: Visibility, model, path: str, *fields: str) -> dict:
    """``path__field`` for each field: null where the viewer may not see the record."""
    return {f"{path}__{field}": visibility.reference(model, path, field) for field in fields}


@functools.cache
def related_query(
    rows_class: type["ListRows"], visibility: Visibility, detail: bool, using: str, count: int
):
    """The SQL of a page's related query for ``count`` rows, compiled once per page size.

    Building the query with the ORM costs more than running it; only the ids change
    from page to page, and they are the last parameters. What a viewer may see is
    part of the SQL, so each kind of viewer has its own.
    """
    placeholders = list(range(-count, 0))
    related = rows_class.related(visibility)
    if detail:
        related |= rows_class.detail_related(visibility)
    # Aliased, because the relations' own names are taken by the model's fields.
    aliases = {f"related_{name}": subquery for name, subquery in related.items()}
    lookups = rows_class.lookups(visibility)
    if not (aliases or lookups):
        return None
    # Lookups are named with a prefix too, so that an expression may take a field's path.
    named = {f"lookup_{name}": value for name, value in lookups.items()}
    query = (
        rows_class.model.objects.using(using)
        .filter(pk__in=placeholders)
        .values("pk", **named, **aliases)
        .query
    )
    sql, params = query.get_compiler(using).as_sql()
    if list(params[-count:]) != placeholders:
        raise AssertionError("the page's ids are not the last parameters of its related query")
    return sql, tuple(params[:-count]), tuple(aliases)


def timestamp(value, zone) -> str:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    text = value.astimezone(zone).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def decode_json(value):
    """JSON from the database: text on SQLite, text or already decoded on PostgreSQL."""
    if value is None or not isinstance(value, str | bytes):
        return value
    return orjson.loads(value)


class ListRows:
    """How one resource reads and shapes its rows: a list page, or a detail as a page of one.

    ``visibility`` decides which related records each row shows: the public sees
    only published ones (``diplomacy.visibility``).
    """

    model: type[Model]
    columns: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()  # a detail's extra columns, or ``detail_related`` names
    detail_view: str | None = None

    def __init__(self, request, visibility: Visibility):
        self.visibility = visibility
        self.zone = timezone.get_current_timezone()
        self.url_template = None
        if self.detail_view:
            placeholder = reverse(self.detail_view, kwargs={"slug": "__slug__"})
            self.url_template = request.build_absolute_uri(placeholder).replace("__slug__", "{}")

    @classmethod
    def queryset(cls) -> QuerySet:
        return cls.model.objects.all()

    @classmethod
    def select(cls, queryset: QuerySet, *sort_keys: str, detail: bool = False) -> QuerySet:
        """The page's rows as dicts: what ``shape`` reads, and the sort keys for cursors."""
        extra = ()
        if detail:
            own = {field.name for field in cls.model._meta.concrete_fields}
            extra = (*(name for name in cls.detail_fields if name in own), "retraction_reason")
        names = ("id", *cls.columns, *CURATION_COLUMNS, *extra, *sort_keys)
        return queryset.values(*dict.fromkeys(names))

    @classmethod
    def lookups(cls, visibility: Visibility) -> dict:
        """Values read through foreign keys, with the related records."""
        return {}

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        """Named subqueries that fetch each row's related records as JSON arrays."""
        return {}

    @classmethod
    def detail_related(cls, visibility: Visibility) -> dict:
        """Named subqueries that only a detail reads."""
        return {}

    def represent(self, rows: list[dict], using: str, detail: bool = False) -> list[dict]:
        related = self.fetch_related(rows, using, detail)
        shaped = []
        for row in rows:
            merged = row | related.get(row["id"], {})
            item = self.shape(merged)
            if detail:
                item |= {name: merged[name] for name in self.detail_fields}
            shaped.append(item)
        return shaped

    def fetch_related(self, rows: list[dict], using: str, detail: bool) -> dict[int, dict]:
        """One query for the whole page: lookups through foreign keys, and related lists."""
        query = (
            related_query(type(self), self.visibility, detail, using, len(rows)) if rows else None
        )
        if query is None:
            return {}
        sql, params, json_columns = query
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*params, *(row["id"] for row in rows)])
            names = [column[0] for column in cursor.description]
            fetched = cursor.fetchall()
        related = {}
        for values in fetched:
            item = dict(zip(names, values, strict=True))
            pk = item.pop("pk")
            related[pk] = {
                name.removeprefix("lookup_").removeprefix("related_"): (
                    decode_json(value) if name in json_columns else value
                )
                for name, value in item.items()
            }
        return related

    def shape(self, row: dict) -> dict:
        return {name: row[name] for name in self.columns} | self.curation(row)

    def url(self, slug: str) -> str:
        return self.url_template.format(slug)

    def curation(self, row: dict) -> dict:
        return {
            "status": row["status"],
            "created_at": timestamp(row["created_at"], self.zone),
            "updated_at": timestamp(row["updated_at"], self.zone),
        }


def citation_list(items) -> list[dict]:
    ordered = sorted(
        items or (),
        key=lambda c: (
            c["published_on"] is None,
            c["published_on"] or "",
            c["source_id"],
            c["start"],
            c["id"],
        ),
    )
    return [
        {
            "source": c["source"],
            "excerpt": c["excerpt"],
            "start": c["start"],
            "end": c["end"],
            "attribution": c["attribution"] or None,
            "attributed_to": c["attributed_to"],
        }
        for c in ordered
    ]


DATE_COLUMNS = ("date_start", "date_end", "date_precision", "date_note")
ATTESTATION_COLUMNS = ("attestation", "attestation_note")


def as_date(value) -> datetime.date | None:
    """A date from a row: a date already, or ISO text when read from a JSON array."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def dates(row: dict) -> dict:
    """The interval: as one EDTF string, then its bounds, precision and note."""
    start, end = as_date(row["date_start"]), as_date(row["date_end"])
    return {
        "date": edtf_interval(start, end),
        "date_start": start,
        "date_end": end,
        "date_precision": row["date_precision"],
        "date_note": row["date_note"],
    }


def attestation(row: dict) -> dict:
    return {name: row[name] for name in ATTESTATION_COLUMNS}


def slug_list(items) -> list[str]:
    return sorted(item["slug"] for item in items or ())


def actor_list(items) -> list[dict]:
    """Actor references in the actors' own order: by name, then slug."""
    return sorted(items or (), key=lambda actor: (actor["name"], actor["slug"]))


def by_id(items) -> list[dict]:
    return sorted(items or (), key=lambda item: item["id"])


def actor_reference(row: dict, prefix: str) -> dict | None:
    if row[f"{prefix}__slug"] is None:
        return None
    return {name: row[f"{prefix}__{name}"] for name in ("slug", "name", "kind")}


class ActorRows(ListRows):
    model = Actor
    detail_view = "api:actor-detail"
    columns = ("slug", "name", "kind", "aliases", "country", "description")
    detail_fields = ("meeting_count", "statement_count")

    @classmethod
    def lookups(cls, visibility: Visibility) -> dict:
        return reference_lookups(visibility, Actor, "affiliation", "slug")

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        return {
            "positions": json_rows(
                visibility.restrict(Position.objects.all()),
                "actor",
                title="title",
                organization=visibility.reference(Actor, "organization", "slug"),
                **{name: name for name in DATE_COLUMNS},
                note="note",
                slug="slug",
            )
        }

    def shape(self, row: dict) -> dict:
        positions = sorted(
            row.get("positions") or (),
            key=lambda p: (p["date_start"] is None, p["date_start"] or "", p["slug"]),
        )
        return {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "aliases": row["aliases"],
            "country": row["country"],
            "affiliation": row["affiliation__slug"],
            "description": row["description"],
            "positions": [
                {"title": position["title"], "organization": position["organization"]}
                | dates(position)
                | {"note": position["note"]}
                for position in positions
            ],
            "url": self.url(row["slug"]),
        } | self.curation(row)

    @classmethod
    def detail_related(cls, visibility: Visibility) -> dict:
        return {
            "meeting_count": related_count(
                Participation.objects.filter(visibility.condition(Meeting, "meeting")), "actor"
            ),
            "statement_count": related_count(
                visibility.restrict(Statement.objects.all()), "speaker"
            ),
        }


class MeetingRows(ListRows):
    model = Meeting
    detail_view = "api:meeting-detail"
    columns = (
        "slug",
        "title",
        "kind",
        "format",
        "occurrence",
        *DATE_COLUMNS,
        *ATTESTATION_COLUMNS,
        "location_name",
        "location_country",
        "trip",
        "summary",
    )

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        return {
            "participants": json_rows(
                Participation.objects.filter(visibility.condition(Actor, "actor")),
                "meeting",
                id="id",
                role="role",
                title="title",
                identification="identification",
                identification_note="identification_note",
                **ACTOR_REFERENCE,
            ),
            "topics": topic_slugs(visibility, Meeting.topics.through, "meeting"),
            "citations": citations(visibility, "meeting"),
        }

    def shape(self, row: dict) -> dict:
        return {
            "slug": row["slug"],
            "title": row["title"],
            "kind": row["kind"],
            "format": row["format"],
            "occurrence": row["occurrence"],
            **dates(row),
            **attestation(row),
            "location": {"name": row["location_name"], "country": row["location_country"]},
            "trip": row["trip"],
            "participants": [
                {
                    "actor": {"slug": p["slug"], "name": p["name"], "kind": p["kind"]},
                    "role": p["role"],
                    "title": p["title"],
                    "identification": p["identification"],
                    "identification_note": p["identification_note"],
                }
                for p in by_id(row.get("participants"))
            ],
            "topics": slug_list(row.get("topics")),
            "summary": row["summary"],
            "citations": citation_list(row.get("citations")),
            "url": self.url(row["slug"]),
        } | self.curation(row)


class StatementRows(ListRows):
    model = Statement
    detail_view = "api:statement-detail"
    columns = ("slug", "text", "kind", *DATE_COLUMNS, *ATTESTATION_COLUMNS)

    @classmethod
    def lookups(cls, visibility: Visibility) -> dict:
        return (
            reference_lookups(visibility, Actor, "speaker", "slug", "name", "kind")
            | reference_lookups(visibility, Meeting, "meeting", "slug")
            | reference_lookups(visibility, Resolution, "resolution", "slug")
        )

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        return {
            "audience": actor_references(visibility, Statement.audience.through, "statement"),
            "topics": topic_slugs(visibility, Statement.topics.through, "statement"),
            "citations": citations(visibility, "statement"),
        }

    def shape(self, row: dict) -> dict:
        return {
            "slug": row["slug"],
            "speaker": actor_reference(row, "speaker"),
            "text": row["text"],
            "kind": row["kind"],
            **dates(row),
            **attestation(row),
            "meeting": row["meeting__slug"],
            "resolution": row["resolution__slug"],
            "audience": actor_list(row.get("audience")),
            "topics": slug_list(row.get("topics")),
            "citations": citation_list(row.get("citations")),
            "url": self.url(row["slug"]),
        } | self.curation(row)


class ResolutionRows(ListRows):
    model = Resolution
    detail_view = "api:resolution-detail"
    columns = (
        "slug",
        "symbol",
        "title",
        "body",
        *DATE_COLUMNS,
        *ATTESTATION_COLUMNS,
        "outcome",
        "summary",
    )

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        return {
            "sponsors": actor_references(visibility, Resolution.sponsors.through, "resolution"),
            "votes": json_rows(
                Vote.objects.filter(visibility.condition(Actor, "actor")),
                "resolution",
                id="id",
                position="position",
                **ACTOR_REFERENCE,
            ),
            "topics": topic_slugs(visibility, Resolution.topics.through, "resolution"),
            "citations": citations(visibility, "resolution"),
        }

    def shape(self, row: dict) -> dict:
        return {
            "slug": row["slug"],
            "symbol": row["symbol"],
            "title": row["title"],
            "body": row["body"],
            **dates(row),
            **attestation(row),
            "outcome": row["outcome"],
            "sponsors": actor_list(row.get("sponsors")),
            "votes": [
                {
                    "actor": {"slug": v["slug"], "name": v["name"], "kind": v["kind"]},
                    "position": v["position"],
                }
                for v in by_id(row.get("votes"))
            ],
            "topics": slug_list(row.get("topics")),
            "summary": row["summary"],
            "citations": citation_list(row.get("citations")),
            "url": self.url(row["slug"]),
        } | self.curation(row)


class FigureRows(ListRows):
    model = ReportedFigure
    columns = (
        "slug",
        "measure",
        "qualifier",
        "value",
        *DATE_COLUMNS,
        *ATTESTATION_COLUMNS,
        "summary",
    )

    @classmethod
    def related(cls, visibility: Visibility) -> dict:
        return {"citations": citations(visibility, "figure")}

    def shape(self, row: dict) -> dict:
        return {
            "slug": row["slug"],
            "measure": row["measure"],
            "qualifier": row["qualifier"],
            "value": row["value"],
            **dates(row),
            **attestation(row),
            "summary": row["summary"],
            "citations": citation_list(row.get("citations")),
        } | self.curation(row)


class SourceRows(ListRows):
    model = Source
    detail_view = "api:source-detail"
    columns = (
        "slug",
        "title",
        "outlet",
        "outlet_note",
        *DATE_COLUMNS,
        "seed_file",
        "sha256",
        "url",
    )
    detail_fields = ("text",)

    def shape(self, row: dict) -> dict:
        own = ("slug", "title", "outlet", "outlet_note")
        return (
            {name: row[name] for name in own}
            | dates(row)
            | {name: row[name] for name in ("seed_file", "sha256")}
            | {"article_url": row["url"], "url": self.url(row["slug"])}
            | self.curation(row)
        )


class TopicRows(ListRows):
    model = Topic
    columns = ("slug", "name", "description")
