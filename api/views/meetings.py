from api.facets import (
    Facet,
    attestation_facet,
    choice_facet,
    declare,
    linked_facet,
    periods,
    topic_facet,
)
from api.filters.meetings import MeetingFilter
from api.schema import document_resource
from api.serializers.meetings import MeetingWriteSerializer
from api.views.base import CuratedResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.choices import MeetingFormat, MeetingKind, Occurrence
from diplomacy.models import Actor, Meeting, Participation
from diplomacy.shapes import MEETING


@document_resource("meeting", "meetings", MEETING)
class MeetingViewSet(FacetedViewSetMixin, CuratedResourceViewSet):
    """Meetings, visits, calls, summits and talks, with participants and citations."""

    filterset_class = MeetingFilter
    write_serializer_class = MeetingWriteSerializer
    shape = MEETING
    facets = declare(
        linked_facet(
            "actor",
            "actor",
            Actor,
            "By participant: meetings each actor took part in.",
            through=Participation,
            parent="meeting",
        ),
        Facet("country", "location_country", "By country of the location (ISO 3166-1)."),
        topic_facet(Meeting, "meeting"),
        choice_facet("kind", MeetingKind, "By kind: meeting, visit, summit, talks."),
        choice_facet("format", MeetingFormat, "By format: in person, phone, virtual."),
        choice_facet("occurrence", Occurrence, "Held, or planned when reported."),
        attestation_facet(),
        *periods(),
    )
    facet_counts = documented_facets("meetings", facets)(FacetedViewSetMixin.facet_counts)
