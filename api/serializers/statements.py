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
    citations_input,
    slug_of,
    topics_input,
)
from diplomacy.choices import DatePrecision, StatementKind
from diplomacy.models import Actor, Meeting, Resolution, Statement


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
            "status",
            "created_at",
            "updated_at",
        ]


class StatementWriteSerializer(RecordWriteSerializer):
    model = Statement

    speaker = slug_of(Actor, help_text="Slug of the actor who spoke.")
    text = StrictCharField(
        trim_whitespace=False,
        help_text="A quote: the exact words between the quotation marks. "
        "A paraphrase: a short faithful summary.",
    )
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    date = serializers.DateField(allow_null=True, required=False)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    date_note = StrictCharField(allow_blank=True, required=False)
    meeting = slug_of(Meeting, allow_null=True, required=False)
    resolution = slug_of(Resolution, allow_null=True, required=False)
    audience = serializers.ListField(child=slug_of(Actor), required=False)
    topics = topics_input()
    citations = citations_input()

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(
            data, "speaker", "text", "kind", "date_precision", "date_note", "meeting", "resolution"
        )
        if "date" in data:
            fields["said_on"] = data["date"]
        relations = self.present(data, "audience", "topics")
        return {"fields": fields, "relations": relations, "citations": self.citations(data)}
