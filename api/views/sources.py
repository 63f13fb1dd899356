from api.facets import Facet, declare, periods
from api.filters.sources import SourceFilter
from api.schema import document_resource
from api.serializers.sources import SourceWriteSerializer
from api.views.base import CuratedResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.shapes import SOURCE


@document_resource("source", "sources", SOURCE)
class SourceViewSet(FacetedViewSetMixin, CuratedResourceViewSet):
    """The source articles; the detail carries the full text that citations index into."""

    filterset_class = SourceFilter
    write_serializer_class = SourceWriteSerializer
    shape = SOURCE
    facets = declare(
        Facet("outlet", "outlet", "By outlet."),
        *periods(),
    )
    facet_counts = documented_facets("sources", facets)(FacetedViewSetMixin.facet_counts)
