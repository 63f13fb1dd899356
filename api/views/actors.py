from api.filters.actors import ActorFilter
from api.schema import document_resource
from api.serializers.actors import ActorDetailSerializer, ActorSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("actor", "actors")
class ActorViewSet(ReadOnlyResourceViewSet):
    """People, states and organizations, with the posts they hold."""

    filterset_class = ActorFilter
    serializer_class = ActorSerializer
    detail_serializer_class = ActorDetailSerializer
    list_queryset = staticmethod(queries.actors_for_api)
    detail_queryset = staticmethod(queries.actor_detail_for_api)
