from rest_framework import serializers

from api.serializers.common import (
    ActorReferenceSerializer,
    CitationSerializer,
    record_url,
    topic_slugs,
)
from diplomacy.models import Resolution, Vote


class VoteSerializer(serializers.ModelSerializer):
    actor = ActorReferenceSerializer()

    class Meta:
        model = Vote
        fields = ["actor", "position"]


class ResolutionSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="voted_on", allow_null=True)
    sponsors = ActorReferenceSerializer(many=True, read_only=True)
    votes = VoteSerializer(many=True, read_only=True)
    topics = topic_slugs()
    citations = CitationSerializer(many=True, read_only=True)
    url = record_url("api:resolution-detail")

    class Meta:
        model = Resolution
        fields = [
            "slug",
            "symbol",
            "title",
            "body",
            "date",
            "date_precision",
            "date_note",
            "outcome",
            "sponsors",
            "votes",
            "topics",
            "summary",
            "citations",
            "url",
        ]
