from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api import parameters
from api.facets import (
    DEFAULT_FACET_SIZE,
    FACET_PARAMETERS,
    MAX_FACET_SIZE,
    column_counts,
    facets_serializer,
    read_facet_query,
)
from api.filters.base import PAGINATION_PARAMETERS
from api.limits import QueryTimedOut, time_limit
from diplomacy.visibility import visibility_of


def documented_facets(name: str, facets: dict):
    """The facets action's OpenAPI description: the list's filters, and which facets."""
    listed = "; ".join(f"`{facet.name}`: {facet.description}" for facet in facets.values())
    return extend_schema(
        summary=f"Count {name} by facet",
        description="Counts of the records the list would give for the same filters, by "
        f"each facet asked for (all when none is named). Facets: {listed}",
        filters=True,
        parameters=[
            OpenApiParameter(
                "facet",
                {"type": "array", "items": {"type": "string", "enum": list(facets)}},
                explode=True,
                description="A facet to count by; repeat for several. Left out: all.",
            ),
            OpenApiParameter(
                "facet_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_FACET_SIZE},
                description=f"Values per facet, largest first (default {DEFAULT_FACET_SIZE}); "
                "periods list every one in time order.",
            ),
        ],
        responses={200: facets_serializer(name.capitalize(), facets)},
    )


class FacetedViewSetMixin:
    """``/<resource>/facets/``: the list's records counted by ``facets``."""

    facets: dict = {}

    @action(
        detail=False,
        url_path="facets",
        pagination_class=None,
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
    )
    def facet_counts(self, request, *args, **kwargs):
        params = request.query_params
        filters = params.copy()
        for name in FACET_PARAMETERS:
            filters.pop(name, None)
        query = self.filterset_class(filters, self.get_queryset(), request=request)
        no_pages = "Facets count every matching record: no pages."
        parameters.check(
            params,
            query.accepted() | FACET_PARAMETERS,
            refused={name: no_pages for name in PAGINATION_PARAMETERS},
        )
        facets, size = read_facet_query(params, self.facets)
        if not query.is_valid():
            raise translate_validation(query.errors)
        rows, visibility = query.rows(), visibility_of(request)
        # The record's own columns are counted together, in one scan that counts the rows
        # too; each other facet is a query of its own, with a time limit of its own: one
        # that takes longer is named in timed_out rather than holding the worker.
        by_column = [facet for facet in facets if facet.of_a_column]
        with time_limit(rows.db):
            counts, total = column_counts(by_column, rows, size)
        timed_out = []
        for facet in facets:
            if facet in by_column:
                continue
            try:
                with time_limit(rows.db):
                    counts[facet.name] = facet.counts(rows, visibility, size)
            except QueryTimedOut:
                timed_out.append(facet.name)
        ordered = {facet.name: counts[facet.name] for facet in facets if facet.name in counts}
        return Response({"count": total, "facets": ordered, "timed_out": timed_out})
