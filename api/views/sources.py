from api.filters.sources import SourceFilter
from api.schema import document_resource
from api.serializers.sources import SourceWriteSerializer
from api.shapes import SOURCE
from api.views.base import CuratedResourceViewSet


@document_resource("source", "sources", SOURCE)
class SourceViewSet(CuratedResourceViewSet):
    """The source articles; the detail carries the full text that citations index into."""

    filterset_class = SourceFilter
    write_serializer_class = SourceWriteSerializer
    shape = SOURCE
