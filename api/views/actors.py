from api import rows
from api.filters.actors import ActorFilter
from api.schema import document_resource
from api.serializers.actors import ActorDetailSerializer, ActorSerializer, ActorWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("actor", "actors", ActorDetailSerializer)
class ActorViewSet(CuratedResourceViewSet):
    """People, states and organizations, with the posts they hold."""

    filterset_class = ActorFilter
    write_serializer_class = ActorWriteSerializer
    serializer_class = ActorSerializer
    detail_serializer_class = ActorDetailSerializer
    list_rows = rows.ActorRows
