"""The orderings each list offers; every one ends with the unique slug, so pages are stable."""

from api.pagination import Ordering, SortKey


def _orderings(*specs: Ordering) -> dict[str, Ordering]:
    return {spec.name: spec for spec in specs}


def chronological(field: str, label: str) -> dict[str, Ordering]:
    return _orderings(
        Ordering(
            label,
            (SortKey(field, undated_last=True), SortKey("slug")),
            "oldest first, undated last",
        ),
        Ordering(
            f"-{label}",
            (
                SortKey(field, descending=True, undated_last=True),
                SortKey("slug", descending=True),
            ),
            "newest first, undated last",
        ),
    )


def by_text(field: str, nullable: bool = False) -> dict[str, Ordering]:
    return _orderings(
        Ordering(field, (SortKey(field, nullable=nullable), SortKey("slug")), "A to Z"),
        Ordering(
            f"-{field}",
            (SortKey(field, descending=True, nullable=nullable), SortKey("slug", descending=True)),
            "Z to A",
        ),
    )


ACTOR_ORDERINGS = by_text("name")
MEETING_ORDERINGS = chronological("date_start", "date_start") | by_text("title")
STATEMENT_ORDERINGS = chronological("said_on", "date") | _orderings(
    Ordering(
        "relevance",
        (SortKey("search_rank", descending=True), SortKey("slug")),
        "best match first (with q, on PostgreSQL)",
    )
)
RESOLUTION_ORDERINGS = chronological("voted_on", "date") | by_text("title")
SOURCE_ORDERINGS = chronological("published_on", "published_on") | by_text("title", nullable=True)
TOPIC_ORDERINGS = _orderings(Ordering("slug", (SortKey("slug"),), "A to Z"))
FIGURE_ORDERINGS = _orderings(
    Ordering(
        "measure",
        (SortKey("measure"), SortKey("reported_on"), SortKey("slug")),
        "by measure, then date of reporting",
    )
)
