"""The orderings each list offers; every one ends with the unique slug, so pages are stable."""

from api.pagination import Ordering, SortKey


def _orderings(*specs: Ordering) -> dict[str, Ordering]:
    return {spec.name: spec for spec in specs}


def chronological() -> dict[str, Ordering]:
    """By the earliest day, then the latest, then the slug; undated records last."""
    return _orderings(
        Ordering(
            "date",
            (
                SortKey("date_start", undated_last=True),
                SortKey("date_end", undated_last=True),
                SortKey("slug"),
            ),
            "oldest first (by earliest day, then latest day), undated last",
        ),
        Ordering(
            "-date",
            (
                SortKey("date_start", descending=True, undated_last=True),
                SortKey("date_end", descending=True, undated_last=True),
                SortKey("slug", descending=True),
            ),
            "newest first (by earliest day, then latest day), undated last",
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
MEETING_ORDERINGS = chronological() | by_text("title")
STATEMENT_ORDERINGS = chronological() | _orderings(
    Ordering(
        "relevance",
        (SortKey("search_rank", descending=True), SortKey("slug")),
        "best match first (with q, on PostgreSQL)",
    )
)
RESOLUTION_ORDERINGS = chronological() | by_text("title")
SOURCE_ORDERINGS = chronological() | by_text("title", nullable=True)
TOPIC_ORDERINGS = _orderings(Ordering("slug", (SortKey("slug"),), "A to Z"))
FIGURE_ORDERINGS = (
    _orderings(
        Ordering(
            "measure",
            (SortKey("measure"), SortKey("date_start"), SortKey("date_end"), SortKey("slug")),
            "by measure, then date of reporting",
        )
    )
    | chronological()
)
