from rest_framework import serializers

from api.serializers.common import (
    ActorReferenceSerializer,
    CitationSerializer,
    record_url,
    topic_slugs,
)
from api.serializers.inputs import (
    RecordWriteSerializer,
    StrictCharField,
    VoteInputSerializer,
    citations_input,
    slug_of,
    topics_input,
)
from diplomacy import services
from diplomacy.choices import DatePrecision, ResolutionOutcome, UNBody
from diplomacy.models import Actor, Resolution, Vote


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
            "status",
            "created_at",
            "updated_at",
        ]


class ResolutionWriteSerializer(RecordWriteSerializer):
    model = Resolution

    symbol = StrictCharField(allow_null=True, required=False, max_length=40)
    title = StrictCharField(max_length=300)
    body = serializers.ChoiceField(choices=UNBody.choices)
    date = serializers.DateField(allow_null=True, required=False)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    date_note = StrictCharField(allow_blank=True, required=False)
    outcome = serializers.ChoiceField(choices=ResolutionOutcome.choices)
    sponsors = serializers.ListField(child=slug_of(Actor), required=False)
    votes = VoteInputSerializer(many=True, required=False)
    topics = topics_input()
    summary = StrictCharField(allow_blank=True, required=False)
    citations = citations_input()

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(
            data, "symbol", "title", "body", "date_precision", "date_note", "outcome", "summary"
        )
        if "date" in data:
            fields["voted_on"] = data["date"]
        votes = None
        if "votes" in data:
            votes = [services.VoteInput(item["actor"], item["position"]) for item in data["votes"]]
        relations = self.present(data, "sponsors", "topics")
        return {
            "fields": fields,
            "relations": relations,
            "votes": votes,
            "citations": self.citations(data),
        }
