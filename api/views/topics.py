from api import rows
from api.filters.topics import TopicFilter
from api.schema import document_resource
from api.serializers.topics import TopicSerializer, TopicWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("topic", "topics", TopicSerializer)
class TopicViewSet(CuratedResourceViewSet):
    """The controlled vocabulary records are tagged with."""

    filterset_class = TopicFilter
    write_serializer_class = TopicWriteSerializer
    serializer_class = TopicSerializer
    list_rows = rows.TopicRows
