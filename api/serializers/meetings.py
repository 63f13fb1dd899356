from rest_framework import serializers

from api.serializers.inputs import (
    AttestedInput,
    DatedInput,
    ParticipantInputSerializer,
    RecordWriteSerializer,
    StrictCharField,
    StrictInputSerializer,
    citations_input,
    country_input,
    topics_input,
)
from diplomacy import services
from diplomacy.choices import MeetingFormat, MeetingKind, Occurrence
from diplomacy.models import Meeting


class LocationInputSerializer(StrictInputSerializer):
    name = StrictCharField(required=False, allow_null=True, allow_blank=True)
    country = country_input()


class MeetingWriteSerializer(DatedInput, AttestedInput, RecordWriteSerializer):
    model = Meeting

    title = StrictCharField(max_length=300)
    kind = serializers.ChoiceField(choices=MeetingKind.choices, required=False)
    format = serializers.ChoiceField(choices=MeetingFormat.choices)
    occurrence = serializers.ChoiceField(choices=Occurrence.choices, required=False)
    location = LocationInputSerializer(required=False)
    trip = StrictCharField(allow_blank=True, required=False, max_length=200)
    summary = StrictCharField(allow_blank=True, required=False)
    topics = topics_input()
    participants = ParticipantInputSerializer(many=True, required=False)
    citations = citations_input()

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(
            data,
            "title",
            "kind",
            "format",
            "occurrence",
            "trip",
            "summary",
            *self.DATE_FIELDS,
            *self.ATTESTATION_FIELDS,
        )
        if "location" in data:
            fields["location_name"] = data["location"].get("name") or None
            fields["location_country"] = data["location"].get("country") or None
        participants = None
        if "participants" in data:
            participants = [services.ParticipantInput.of(item) for item in data["participants"]]
        return {
            "fields": fields,
            "relations": {"topics": data["topics"]} if "topics" in data else {},
            "participants": participants,
            "citations": self.citations(data),
        }
