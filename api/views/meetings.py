from api import rows
from api.filters.meetings import MeetingFilter
from api.schema import document_resource
from api.serializers.meetings import MeetingSerializer, MeetingWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("meeting", "meetings", MeetingSerializer)
class MeetingViewSet(CuratedResourceViewSet):
    """Meetings, visits, calls, summits and talks, with participants and citations."""

    filterset_class = MeetingFilter
    write_serializer_class = MeetingWriteSerializer
    serializer_class = MeetingSerializer
    list_rows = rows.MeetingRows
