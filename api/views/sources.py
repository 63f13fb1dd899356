from api import rows
from api.filters.sources import SourceFilter
from api.schema import document_resource
from api.serializers.sources import SourceDetailSerializer, SourceSerializer, SourceWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("source", "sources", SourceDetailSerializer)
class SourceViewSet(CuratedResourceViewSet):
    """The source articles; the detail carries the full text that citations index into."""

    filterset_class = SourceFilter
    write_serializer_class = SourceWriteSerializer
    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    list_rows = rows.SourceRows
