"""Counts of a list's records by the dimensions a newsroom groups by: ``/<resource>/facets/``.

Each facet is one GROUP BY over the same rows the list would page through (the same
filters, what the viewer may see), so a count is exact; a facet lists its largest
values first, up to ``facet_size`` (periods list in time order). Linked records
(speakers, participants, topics) count only when the viewer may see them.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Model, QuerySet
from django.db.models.functions import ExtractYear, TruncMonth
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from diplomacy.visibility import Visibility

DEFAULT_FACET_SIZE = 20
MAX_FACET_SIZE = 200
# A period facet lists every period in time order, up to this many.
MAX_PERIODS = 1200


@dataclass(frozen=True)
class Facet:
    """Counts by a column of the record (``path``), or by a record it links to."""

    name: str
    path: str
    description: str
    choices: tuple = ()
    label: str | None = None  # the linked record's field that names it
    linked: type[Model] | None = None  # the linked model, whose drafts the public never sees
    through: type[Model] | None = None  # rows linking a record to many (participations)
    parent: str = ""  # the link row's field pointing at the record

    def counts(self, rows: QuerySet, visibility: Visibility, size: int) -> list[dict]:
        if self.through is None:
            groups = rows.order_by()
            key = "pk"
            if self.linked is not None:
                groups = groups.filter(visibility.condition(self.linked, self.path))
        else:
            groups = self.through._default_manager.filter(
                visibility.condition(self.linked, self.path),
                **{f"{self.parent}__in": rows.order_by().values("pk")},
            )
            key = self.parent
        value = f"{self.path}__slug" if self.linked is not None else self.path
        names = [value] + ([f"{self.path}__{self.label}"] if self.label else [])
        # Through link rows a record may count twice (two participations): distinct.
        counted = groups.values(*names).annotate(
            count=Count(key, distinct=self.through is not None)
        )
        found = counted.order_by("-count", value)[:size]
        labels = dict(self.choices)
        return [
            {
                "value": row[value],
                "label": row[names[1]] if self.label else labels.get(row[value]),
                "count": row["count"],
            }
            for row in found
        ]

    @property
    def of_a_column(self) -> bool:
        """Counted by a column of the record itself (a kind, a country)."""
        return self.linked is None and self.through is None

    def ranked(self, counts: dict, size: int) -> list[dict]:
        """Counts by value, largest first, then by value (null last), at most ``size``."""
        labels = dict(self.choices)
        order = sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
        return [
            {"value": value, "label": labels.get(value), "count": count}
            for value, count in order[:size]
        ]


def column_counts(
    facets: list[Facet], rows: QuerySet, size: int
) -> tuple[dict[str, list[dict]], int]:
    """Facets by columns of the record, all in one scan, and the number of rows: the rows
    are counted by every combination of the columns (few: the columns hold short
    vocabularies and codes), and each facet sums its own column's."""
    if not facets:
        return {}, rows.order_by().count()
    paths = [facet.path for facet in facets]
    combinations = rows.order_by().values(*paths).annotate(count=Count("pk")).order_by()
    totals, everything = [Counter() for _ in facets], 0
    for row in combinations:
        everything += row["count"]
        for total, path in zip(totals, paths, strict=True):
            total[row[path]] += row["count"]
    counts = {
        facet.name: facet.ranked(total, size) for facet, total in zip(facets, totals, strict=True)
    }
    return counts, everything


@dataclass(frozen=True)
class PeriodFacet:
    """Counts by the month or the year an interval starts in; undated records as null."""

    of_a_column = False  # a query of its own: its periods are computed, not stored

    name: str
    description: str
    field: str = "date_start"

    def counts(self, rows: QuerySet, visibility: Visibility, size: int) -> list[dict]:
        period = TruncMonth(self.field) if self.name == "month" else ExtractYear(self.field)
        counted = (
            rows.order_by()
            .annotate(period=period)
            .values("period")
            .annotate(count=Count("pk"))
            .order_by(F("period").asc(nulls_last=True))[:MAX_PERIODS]
        )
        return [
            {"value": self.text(row["period"]), "label": None, "count": row["count"]}
            for row in counted
        ]

    def text(self, value) -> str | None:
        if value is None:
            return None
        if self.name == "month":
            return value.strftime("%Y-%m")
        return f"{value:04d}"


def periods(field: str = "date_start") -> tuple[PeriodFacet, PeriodFacet]:
    return (
        PeriodFacet("month", "By the month the record's interval starts in (YYYY-MM).", field),
        PeriodFacet("year", "By the year the record's interval starts in.", field),
    )


def choice_facet(name: str, choices, description: str, path: str | None = None) -> Facet:
    return Facet(name, path or name, description, choices=tuple(choices.choices))


class FacetQuery(serializers.Serializer):
    facet = serializers.MultipleChoiceField(choices=[], required=False)
    facet_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_FACET_SIZE,
        help_text=f"Values listed per facet, largest first, 1 to {MAX_FACET_SIZE} "
        f"(default {DEFAULT_FACET_SIZE}); periods list every one in time order.",
    )


# The parameters of facets themselves, and whether each may be repeated.
FACET_PARAMETERS = {
    name: isinstance(field, serializers.MultipleChoiceField)
    for name, field in FacetQuery().fields.items()
}


def read_facet_query(params, facets: dict) -> tuple[list, int]:
    """The facets asked for (all when none is named) and how many values each lists; the
    parameters were checked with the list's (``api.parameters``)."""
    query = FacetQuery(
        data={
            name: params.getlist(name) if name == "facet" else params[name]
            for name in FACET_PARAMETERS
            if name in params
        }
    )
    query.fields["facet"].choices = list(facets)
    if not query.is_valid():
        raise ValidationError(query.errors)
    named = query.validated_data.get("facet") or facets
    return [facets[name] for name in facets if name in named], query.validated_data.get(
        "facet_size", DEFAULT_FACET_SIZE
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(
        allow_null=True, help_text="A slug, code or period; null: none (undated, no country)."
    )
    label = serializers.CharField(allow_null=True, help_text="Its name, where it has one.")
    count = serializers.IntegerField(help_text="Matching records with this value: exact.")


def facets_serializer(name: str, facets: dict) -> type[serializers.Serializer]:
    """The documented answer of a resource's facets: one list per facet."""
    counts = type(
        f"{name}FacetCountsSerializer",
        (serializers.Serializer,),
        {
            facet.name: FacetValueSerializer(many=True, required=False, help_text=facet.description)
            for facet in facets.values()
        },
    )
    return type(
        f"{name}FacetsSerializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text="Records matching the filters: exact."),
            "facets": counts(
                help_text="The facets asked for (all, when none is named), but those that "
                "timed out."
            ),
            "timed_out": serializers.ListField(
                child=serializers.CharField(),
                help_text="Facets not counted because their SQL ran past the time limit "
                "(QUERY_TIME_LIMIT_MS); narrow the filters to count them.",
            ),
        },
    )


def linked_facet(name: str, path: str, linked: type[Model], description: str, **through) -> Facet:
    """Counts by a linked record's slug, named by its ``name``: through a foreign key
    (``path``), or through link rows (``through`` and their ``parent`` field)."""
    return Facet(name, path, description, label="name", linked=linked, **through)


def attestation_facet() -> Facet:
    from diplomacy.choices import Attestation

    return choice_facet("attestation", Attestation, "By attestation: reported, confirmed, claimed.")


def topic_facet(model: type[Model], parent: str) -> Facet:
    from diplomacy.models import Topic

    return linked_facet(
        "topic", "topic", Topic, "By topic.", through=model.topics.through, parent=parent
    )


def declare(*facets) -> dict:
    return {facet.name: facet for facet in facets}
