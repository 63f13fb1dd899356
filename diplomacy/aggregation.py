"""Related rows gathered as JSON inside one query, on SQLite and PostgreSQL alike."""

from django.db.models import (
    Aggregate,
    Count,
    IntegerField,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject


class JSONList(Aggregate):
    """The aggregated values as a JSON array (element order is not guaranteed)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(rows: QuerySet, parent: str, **fields) -> Subquery:
    """``rows`` that point at the outer record through ``parent``, as a JSON array of objects.

    ``fields`` maps each key of the objects to a field path of ``rows``. A record
    with no such rows gets null, not an empty array.
    """
    grouped = (
        rows.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(items=JSONList(JSONObject(**fields)))
        .values("items")
    )
    return Subquery(grouped, output_field=JSONField())


def related_count(rows: QuerySet, parent: str) -> Coalesce:
    """How many of ``rows`` point at the outer record through ``parent`` (0 when none)."""
    counted = (
        rows.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
