"""The orders records are listed in, and the sort keys that database indexes serve.

Every ordering a list offers ends with the unique slug, so pages are stable. The
model indexes and the API's lists and cursors share these definitions.
"""

from dataclasses import dataclass

from django.db.models import DateField, F, Func, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

# Sentinels no curated record carries: undated records sort after every dated one.
UNDATED_ASCENDING = "9999-12-31"
UNDATED_DESCENDING = "0001-01-01"


class DateSortKey(Func):
    """A nullable date as a never-null sort key that puts undated records last.

    Ascending, an undated record sorts as the last possible day; descending, as
    the first. The sentinel is written into the SQL as a literal, so that a query
    ordering by this key matches the expression index built on it.
    """

    output_field = DateField()

    def __init__(self, field: str, descending: bool = False):
        sentinel = UNDATED_DESCENDING if descending else UNDATED_ASCENDING
        super().__init__(F(field), template=f"COALESCE(%(expressions)s, '{sentinel}')")


def date_key_bounds(field: str, earliest=None, latest=None) -> list:
    """Conditions on both sort keys of ``field`` that chronological index scans start from.

    They add nothing to a filter that already bounds ``field`` itself, so that both
    orderings (oldest first, newest first) can seek to the window.
    """
    conditions = []
    for descending in (False, True):
        key = DateSortKey(field, descending=descending)
        if earliest is not None:
            conditions.append(GreaterThanOrEqual(key, earliest))
        if latest is not None:
            conditions.append(LessThanOrEqual(key, latest))
    return conditions


@dataclass(frozen=True)
class SortKey:
    """One key of an ordering.

    ``nullable`` keys put nulls last with NULLS LAST; ``undated_last`` date keys do
    it through ``DateSortKey``, which an expression index serves.
    """

    field: str
    descending: bool = False
    nullable: bool = False
    undated_last: bool = False

    @property
    def name(self) -> str:
        """The name the key is read under: the field, or the annotated sort key."""
        return f"{self.field}_sort_key" if self.undated_last else self.field

    def annotation(self) -> dict:
        if not self.undated_last:
            return {}
        return {self.name: DateSortKey(self.field, descending=self.descending)}

    def order_expression(self, reverse: bool = False):
        descending = self.descending != reverse
        expression = F(self.name)
        if self.nullable:
            # Nulls stay last for the reader, so first when walking backwards.
            placement = {"nulls_first": True} if reverse else {"nulls_last": True}
            return expression.desc(**placement) if descending else expression.asc(**placement)
        return expression.desc() if descending else expression.asc()


@dataclass(frozen=True)
class Ordering:
    """A named ordering a client can ask for, ending with a unique key."""

    name: str
    keys: tuple[SortKey, ...]
    description: str = ""

    def annotations(self) -> dict:
        return {name: value for key in self.keys for name, value in key.annotation().items()}

    def keys_known(self, queryset) -> bool:
        """Whether every key is a column or annotation of ``queryset`` already (a search
        rank is annotated only by the search filter)."""
        known = {field.name for field in queryset.model._meta.concrete_fields}
        return {key.name for key in self.keys} <= known | set(queryset.query.annotations)

    def order_by(self, reverse: bool = False) -> list:
        return [key.order_expression(reverse) for key in self.keys]

    def after(self, values: list, reverse: bool = False) -> Q:
        """Rows strictly after ``values`` in this order (before, when ``reverse``)."""
        condition = Q(pk__in=[])
        equal_so_far = Q()
        for key, value in zip(self.keys, values, strict=True):
            condition |= equal_so_far & self._beyond(key, value, reverse)
            equal_so_far &= (
                Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
            )
        return self._leading_bound(values[0], reverse) & condition

    def _leading_bound(self, value, reverse: bool) -> Q:
        """The same rows, plus a range on the first key that an index scan can start from."""
        key = self.keys[0]
        if key.nullable or value is None:
            return Q()
        forwards = key.descending == reverse
        return Q(**{f"{key.name}__{'gte' if forwards else 'lte'}": value})

    @staticmethod
    def _beyond(key: SortKey, value, reverse: bool) -> Q:
        forwards = key.descending == reverse
        if value is None:
            # Nulls come last going forwards: only non-nulls lie beyond them backwards.
            return Q(**{f"{key.name}__isnull": False}) if reverse else Q(pk__in=[])
        beyond = Q(**{f"{key.name}__{'gt' if forwards else 'lt'}": value})
        if key.nullable and not reverse:
            beyond |= Q(**{f"{key.name}__isnull": True})
        return beyond

    def values_of(self, row: dict) -> list:
        values = []
        for key in self.keys:
            value = row[key.name]
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        return values


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


def by_update() -> dict[str, Ordering]:
    """By the time of the last change: with ``updated_since``, what changed since a sync."""
    return _orderings(
        Ordering(
            "updated_at",
            (SortKey("updated_at"), SortKey("slug")),
            "least recently changed first (to sync, with updated_since)",
        ),
        Ordering(
            "-updated_at",
            (SortKey("updated_at", descending=True), SortKey("slug", descending=True)),
            "most recently changed first",
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

# Every list can also be read in the order of its changes.
ACTOR_ORDERINGS |= by_update()
MEETING_ORDERINGS |= by_update()
STATEMENT_ORDERINGS |= by_update()
RESOLUTION_ORDERINGS |= by_update()
SOURCE_ORDERINGS |= by_update()
TOPIC_ORDERINGS |= by_update()
FIGURE_ORDERINGS |= by_update()
