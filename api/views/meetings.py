from api.filters.meetings import MeetingFilter
from api.schema import document_resource
from api.serializers.meetings import MeetingWriteSerializer
from api.shapes import MEETING
from api.views.base import CuratedResourceViewSet


@document_resource("meeting", "meetings", MEETING)
class MeetingViewSet(CuratedResourceViewSet):
    """Meetings, visits, calls, summits and talks, with participants and citations."""

    filterset_class = MeetingFilter
    write_serializer_class = MeetingWriteSerializer
    shape = MEETING
