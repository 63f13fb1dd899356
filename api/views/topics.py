from api.filters.topics import TopicFilter
from api.schema import document_resource
from api.serializers.topics import TopicSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("topic", "topics")
class TopicViewSet(ReadOnlyResourceViewSet):
    """The controlled vocabulary records are tagged with."""

    filterset_class = TopicFilter
    serializer_class = TopicSerializer
    list_queryset = staticmethod(queries.topics_for_api)
