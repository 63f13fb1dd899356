from api.filters.sources import SourceFilter
from api.schema import document_resource
from api.serializers.sources import SourceDetailSerializer, SourceSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("source", "sources")
class SourceViewSet(ReadOnlyResourceViewSet):
    """The source articles; the detail carries the full text that citations index into."""

    filterset_class = SourceFilter
    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    list_queryset = staticmethod(queries.sources_for_api)
    detail_queryset = staticmethod(queries.source_detail_for_api)
