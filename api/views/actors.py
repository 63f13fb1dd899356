from api.filters.actors import ActorFilter
from api.schema import document_resource
from api.serializers.actors import ActorWriteSerializer
from api.shapes import ACTOR
from api.views.base import CuratedResourceViewSet


@document_resource("actor", "actors", ACTOR)
class ActorViewSet(CuratedResourceViewSet):
    """People, states and organizations, with the posts they hold."""

    filterset_class = ActorFilter
    write_serializer_class = ActorWriteSerializer
    shape = ACTOR
