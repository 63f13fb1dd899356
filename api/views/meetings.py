from api.filters.meetings import MeetingFilter
from api.schema import document_resource
from api.serializers.meetings import MeetingSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("meeting", "meetings")
class MeetingViewSet(ReadOnlyResourceViewSet):
    """Meetings, visits, calls, summits and talks, with participants and citations."""

    filterset_class = MeetingFilter
    serializer_class = MeetingSerializer
    list_queryset = staticmethod(queries.meetings_for_api)
