"""What the read serializers need to render a record, in how many queries.

The API reads lists and details through ``api/rows.py``; the serializers document
those shapes, and the tests render each record through both and compare.
"""

from django.db.models import Count, F, Prefetch, QuerySet

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

ACTOR_REFERENCE_FIELDS = ("id", "slug", "name", "kind")


def citations_prefetch() -> Prefetch:
    """Citations with their source's slug, without loading the source's full text."""
    rows = Citation.objects.annotate(
        source_slug=F("source__slug"), attributed_to_slug=F("attributed_to__slug")
    ).order_by("source__date_start", "source_id", "start", "id")
    return Prefetch("citations", queryset=rows)


def topic_slugs_prefetch() -> Prefetch:
    return Prefetch("topics", queryset=Topic.objects.only("id", "slug"))


def actor_references(relation: str) -> Prefetch:
    return Prefetch(relation, queryset=Actor.objects.only(*ACTOR_REFERENCE_FIELDS))


def actors_for_api() -> QuerySet[Actor]:
    """Actors with affiliation and posts: 2 queries (actors, posts with organizations)."""
    positions = Position.objects.select_related("organization").order_by("date_start", "slug")
    return Actor.objects.select_related("affiliation").prefetch_related(
        Prefetch("positions", queryset=positions)
    )


def actor_detail_for_api() -> QuerySet[Actor]:
    return actors_for_api().annotate(
        meeting_count=Count("participations", distinct=True),
        statement_count=Count("statements", distinct=True),
    )


def meetings_for_api() -> QuerySet[Meeting]:
    """Meetings: 4 queries (meetings, participants with actors, topics, citations)."""
    participations = Participation.objects.select_related("actor").only(
        "id",
        "role",
        "title",
        "identification",
        "identification_note",
        "meeting_id",
        *(f"actor__{f}" for f in ACTOR_REFERENCE_FIELDS),
    )
    return Meeting.objects.prefetch_related(
        Prefetch("participations", queryset=participations),
        topic_slugs_prefetch(),
        citations_prefetch(),
    )


def statements_for_api() -> QuerySet[Statement]:
    """Statements: 4 queries (statements with speaker, meeting and resolution slugs; audience;
    topics; citations)."""
    return (
        Statement.objects.select_related("speaker")
        .annotate(meeting_slug=F("meeting__slug"), resolution_slug=F("resolution__slug"))
        .prefetch_related(
            actor_references("audience"), topic_slugs_prefetch(), citations_prefetch()
        )
    )


def resolutions_for_api() -> QuerySet[Resolution]:
    """Resolutions: 5 queries (resolutions, sponsors, votes with actors, topics, citations)."""
    votes = Vote.objects.select_related("actor")
    return Resolution.objects.prefetch_related(
        actor_references("sponsors"),
        Prefetch("votes", queryset=votes),
        topic_slugs_prefetch(),
        citations_prefetch(),
    )


def source_detail_for_api() -> QuerySet[Source]:
    return Source.objects.all()


def topics_for_api() -> QuerySet[Topic]:
    return Topic.objects.all()


def figures_for_api() -> QuerySet[ReportedFigure]:
    """Figures: 2 queries (figures, citations)."""
    return ReportedFigure.objects.prefetch_related(citations_prefetch())
