from rest_framework import serializers

from api.serializers.common import (
    ActorReferenceSerializer,
    CitationSerializer,
    record_url,
    topic_slugs,
)
from diplomacy.models import Statement


class StatementSerializer(serializers.ModelSerializer):
    speaker = ActorReferenceSerializer()
    date = serializers.DateField(source="said_on", allow_null=True)
    meeting = serializers.CharField(
        source="meeting_slug", allow_null=True, help_text="Slug of the meeting where it was said."
    )
    resolution = serializers.CharField(
        source="resolution_slug", allow_null=True, help_text="Slug of the resolution it concerns."
    )
    audience = ActorReferenceSerializer(many=True, read_only=True)
    topics = topic_slugs()
    citations = CitationSerializer(many=True, read_only=True)
    url = record_url("api:statement-detail")

    class Meta:
        model = Statement
        fields = [
            "slug",
            "speaker",
            "text",
            "kind",
            "date",
            "date_precision",
            "date_note",
            "meeting",
            "resolution",
            "audience",
            "topics",
            "citations",
            "url",
        ]
