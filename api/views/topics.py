from api.filters.topics import TopicFilter
from api.schema import document_resource
from api.serializers.topics import TopicWriteSerializer
from api.views.base import CuratedResourceViewSet
from diplomacy.shapes import TOPIC


@document_resource("topic", "topics", TOPIC)
class TopicViewSet(CuratedResourceViewSet):
    """The controlled vocabulary records are tagged with."""

    filterset_class = TopicFilter
    write_serializer_class = TopicWriteSerializer
    shape = TOPIC
