"""What the public sees of every resource, each declared once (``diplomacy.projection``).

The API's lists, details, exports, feeds and OpenAPI schema, the write API's answers,
the snapshots and the change feed all read these. A ``Link`` names the API's view of a
record (``api:meeting-detail``) as text; nothing here imports the API.
"""

from diplomacy.dating import edtf_interval
from diplomacy.models import (
    Actor,
    Addressee,
    Citation,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Sponsorship,
    Statement,
    Topic,
    Vote,
)
from diplomacy.projection import (
    Column,
    Computed,
    Count,
    Doc,
    Group,
    Link,
    Nested,
    Reference,
    Shape,
    Timestamp,
    as_date,
)


def blank_as_null(value):
    """Text that is null in the API where the database keeps it empty."""
    return value or None


def interval():
    """The record's dates: one EDTF string, then its bounds, precision and note."""
    return (
        Computed(
            "date",
            ("date_start", "date_end"),
            lambda start, end: edtf_interval(as_date(start), as_date(end)),
            doc=Doc(
                "text",
                nullable=True,
                help_text="The interval as one ISO 8601-2 (EDTF) string: 2023-11-20 (a day), "
                "2023-10 (a month), 2023-10-08/2023-10-31 (a range); null when undated.",
            ),
        ),
        Column("date_start", convert=as_date),
        Column("date_end", convert=as_date),
        Column("date_precision"),
        Column("date_note"),
    )


def attestation():
    return (
        Column("attestation"),
        Column("attestation_note"),
        Reference(
            "claimed_by",
            ACTOR_SLUG,
            flat=True,
            help_text="For a claimed record: slug of the party making the claim; else null.",
        ),
    )


# A record's page for readers: its address, not its content (the change feed leaves it out).
PAGE_FIELD = "html_url"


def page(singular: str) -> Link:
    """The record's page for readers, where every fact links to the words supporting it."""
    return Link(
        f"pages:{singular}",
        name=PAGE_FIELD,
        help_text="This record's page for readers: its facts with the words supporting them, "
        "its corrections.",
    )


def curation():
    return (Column("status"), Timestamp("created_at"), Timestamp("updated_at"))


def slug_of(model) -> Shape:
    return Shape(f"{model.__name__}Slug", model, Column("slug"))


ACTOR_SLUG = slug_of(Actor)
TOPIC_SLUG = slug_of(Topic)

ACTOR_REFERENCE = Shape("ActorReference", Actor, Column("slug"), Column("name"), Column("kind"))


def topics(through, parent: str) -> Nested:
    return Nested(
        "topics",
        through,
        parent,
        TOPIC_SLUG,
        path="topic",
        requires=((Topic, "topic"),),
        order_by=("topic__slug",),
        flat=True,
        help_text="Topic slugs.",
    )


CITATION = Shape(
    "Citation",
    Citation,
    Column(
        "source",
        "source__slug",
        doc=Doc("text", help_text="Slug of the cited source; see /api/v1/sources/."),
    ),
    Column("excerpt"),
    Column("start", help_text="Offset of the excerpt's first character."),
    Column("end", help_text="Offset just past the excerpt: text[start:end]."),
    Column(
        "attribution",
        convert=blank_as_null,
        doc=Doc(
            "text",
            nullable=True,
            help_text='On whose word the source reports it, in its words ("according to '
            "China's Foreign Ministry\"); null when it names nobody: the outlet's own reporting.",
        ),
    ),
    Reference(
        "attributed_to",
        ACTOR_SLUG,
        flat=True,
        help_text="Slug of the actor the attribution credits, when one is on record.",
    ),
    Column(
        "role",
        help_text="support: the excerpt alone establishes the fact; context: it frames it "
        "(source= and attributed_to= count support only).",
    ),
)


def citations(parent: str) -> Nested:
    """The record's citations of sources the viewer may see, oldest source first."""
    return Nested(
        "citations",
        Citation,
        parent,
        CITATION,
        requires=((Source, "source"),),
        order_by=("source__date_start", "source_id", "start", "id"),
        key=("source", "start", "end"),
    )


POSITION = Shape(
    "Position",
    Position,
    Column("title"),
    Reference(
        "organization",
        ACTOR_SLUG,
        flat=True,
        help_text="The state or body the post belongs to.",
    ),
    *interval(),
    Column("tenure"),
    Column("ended_by", convert=as_date),
    Column("note"),
    citations("position"),
)

ACTOR = Shape(
    "Actor",
    Actor,
    Column("slug"),
    Column("name"),
    Column("kind"),
    Column("aliases", doc=Doc("text list")),
    Column("country"),
    Reference(
        "affiliation",
        ACTOR_SLUG,
        flat=True,
        help_text="Slug of the state or organization the actor acts for.",
    ),
    Column("description"),
    Nested(
        "positions",
        Position,
        "actor",
        POSITION,
        order_by=("date_start", "slug"),
        key=("title", "organization", "date_start", "date_end"),
    ),
    Link("api:actor-detail"),
    page("actor"),
    *curation(),
    Count(
        "meeting_count",
        Participation,
        "actor",
        requires=((Meeting, "meeting"),),
        detail_only=True,
        help_text="Meetings the actor took part in.",
    ),
    Count(
        "statement_count",
        Statement,
        "speaker",
        detail_only=True,
        help_text="Statements the actor made.",
    ),
)


def named_in(name: str, column: str, doc: Doc) -> Reference:
    """Where a named participant is named: a column of the meeting's supporting citation
    that names them, null for an inferred one or when that citation's source is hidden."""
    return Reference(
        name,
        Shape("Evidence", Citation, Column(column)),
        path="evidence",
        flat=True,
        shown_with=(Source, "source"),
        doc=doc,
    )


def part_evidence(record: str) -> tuple:
    """How an actor's part rests on the record's words: named or inferred, attested, and
    the citation naming them."""
    return (
        Column("identification"),
        Column("identification_note"),
        Column("attestation"),
        Column("attestation_note"),
        named_in(
            "named_in_source",
            "source__slug",
            Doc(
                "text",
                nullable=True,
                help_text=f"The {record}'s citation whose excerpt names the actor (by name or "
                "alias): its source's slug; with named_in_start and named_in_end, its "
                "offsets, as in citations. Null for an inferred actor, or a source not public.",
            ),
        ),
        named_in("named_in_start", "start", Doc("integer", nullable=True, help_text="Its start.")),
        named_in("named_in_end", "end", Doc("integer", nullable=True, help_text="Its end.")),
    )


ADDRESSEE = Shape(
    "Addressee", Addressee, Reference("actor", ACTOR_REFERENCE), *part_evidence("statement")
)

PARTICIPANT = Shape(
    "Participant",
    Participation,
    Reference("actor", ACTOR_REFERENCE),
    Column("role"),
    Column("title"),
    *part_evidence("meeting"),
)

LOCATION = Shape(
    "Location",
    Meeting,
    Column("name", "location_name"),
    Column("country", "location_country", help_text="ISO 3166-1 alpha-2."),
)

MEETING = Shape(
    "Meeting",
    Meeting,
    Column("slug"),
    Column("title"),
    Column("kind"),
    Column("format"),
    Column("occurrence"),
    *interval(),
    *attestation(),
    Group("location", LOCATION),
    Column("trip"),
    Nested(
        "participants",
        Participation,
        "meeting",
        PARTICIPANT,
        requires=((Actor, "actor"),),
        order_by=("id",),
    ),
    topics(Meeting.topics.through, "meeting"),
    Column("summary"),
    citations("meeting"),
    Link("api:meeting-detail"),
    page("meeting"),
    *curation(),
)

STATEMENT = Shape(
    "Statement",
    Statement,
    Column("slug"),
    Reference("speaker", ACTOR_REFERENCE),
    Column("text"),
    Column("kind"),
    *interval(),
    *attestation(),
    Reference(
        "meeting",
        slug_of(Meeting),
        flat=True,
        help_text="Slug of the meeting where it was said.",
    ),
    Reference(
        "resolution",
        slug_of(Resolution),
        flat=True,
        help_text="Slug of the resolution it concerns.",
    ),
    Column(
        "outlet_reading",
        convert=blank_as_null,
        doc=Doc(
            "text",
            nullable=True,
            help_text="The outlet's reading of the remark, in its words (\"making a subtle "
            'reference to ..."), credited to outlet_reading_source; never part of a '
            "paraphrase. Null without one.",
        ),
    ),
    Reference(
        "outlet_reading_source",
        slug_of(Source),
        flat=True,
        help_text="Slug of the source whose excerpt holds the outlet's reading (credited to "
        "its outlet); null without one.",
    ),
    Nested(
        "audience",
        Addressee,
        "statement",
        ADDRESSEE,
        requires=((Actor, "actor"),),
        order_by=("actor__name", "actor__slug"),
        help_text="Whom it was addressed to, each on the words that say so.",
    ),
    topics(Statement.topics.through, "statement"),
    citations("statement"),
    Link("api:statement-detail"),
    page("statement"),
    *curation(),
)

VOTE = Shape(
    "Vote",
    Vote,
    Reference("actor", ACTOR_REFERENCE),
    Column("position"),
    *part_evidence("resolution"),
)
SPONSOR = Shape(
    "Sponsor", Sponsorship, Reference("actor", ACTOR_REFERENCE), *part_evidence("resolution")
)

RESOLUTION = Shape(
    "Resolution",
    Resolution,
    Column("slug"),
    Column("symbol"),
    Column("title"),
    Column("body"),
    *interval(),
    *attestation(),
    Column("outcome"),
    Nested(
        "sponsors",
        Sponsorship,
        "resolution",
        SPONSOR,
        requires=((Actor, "actor"),),
        order_by=("actor__name", "actor__slug"),
        help_text="Who sponsored or drafted it, each on the words that say so.",
    ),
    Nested(
        "votes",
        Vote,
        "resolution",
        VOTE,
        requires=((Actor, "actor"),),
        order_by=("id",),
    ),
    topics(Resolution.topics.through, "resolution"),
    Column("summary"),
    citations("resolution"),
    Link("api:resolution-detail"),
    page("resolution"),
    *curation(),
)

FIGURE = Shape(
    "Figure",
    ReportedFigure,
    Column("slug"),
    Column("measure"),
    Column("qualifier"),
    Column("value"),
    *interval(),
    *attestation(),
    Column("summary"),
    citations("figure"),
    page("figure"),
    *curation(),
    doc="A figure as one source reports it; its dates are those of reporting.",
)

SOURCE = Shape(
    "Source",
    Source,
    Column("slug"),
    Column("title"),
    Column("outlet"),
    Column("outlet_note"),
    *interval(),
    Column("seed_file"),
    Column("sha256"),
    Column(
        "article_url",
        "url",
        doc=Doc("url", nullable=True, help_text="The article's own address, when it gives one."),
    ),
    Link("api:source-detail"),
    page("source"),
    *curation(),
    Column(
        "text",
        detail_only=True,
        help_text="The full article text; citation offsets index into it.",
    ),
)

TOPIC = Shape(
    "Topic",
    Topic,
    Column("slug"),
    Column("name"),
    Column("description"),
    page("topic"),
    *curation(),
)

# The resources of the public record, by their names in the API.
RESOURCES = {
    "actors": ACTOR,
    "meetings": MEETING,
    "statements": STATEMENT,
    "resolutions": RESOLUTION,
    "sources": SOURCE,
    "topics": TOPIC,
    "figures": FIGURE,
}
