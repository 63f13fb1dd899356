from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import (
    ActorReferenceSerializer,
    CitationSerializer,
    record_url,
    topic_slugs,
)
from diplomacy.models import Meeting, Participation


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorReferenceSerializer()

    class Meta:
        model = Participation
        fields = ["actor", "role", "title"]


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField(source="location_name", allow_null=True)
    country = serializers.CharField(
        source="location_country", allow_null=True, help_text="ISO 3166-1 alpha-2."
    )


class MeetingSerializer(serializers.ModelSerializer):
    location = serializers.SerializerMethodField()
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    topics = topic_slugs()
    citations = CitationSerializer(many=True, read_only=True)
    url = record_url("api:meeting-detail")

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "kind",
            "format",
            "occurrence",
            "date_start",
            "date_end",
            "date_precision",
            "date_note",
            "location",
            "trip",
            "participants",
            "topics",
            "summary",
            "citations",
            "url",
        ]

    @extend_schema_field(LocationSerializer)
    def get_location(self, meeting: Meeting) -> dict:
        return {"name": meeting.location_name, "country": meeting.location_country}
