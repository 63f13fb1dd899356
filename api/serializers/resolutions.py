from rest_framework import serializers

from api.serializers.inputs import (
    AttestedInput,
    DatedInput,
    PartInputSerializer,
    RecordWriteSerializer,
    StrictCharField,
    VoteInputSerializer,
    citations_input,
    topics_input,
)
from diplomacy import services
from diplomacy.choices import ResolutionOutcome, UNBody
from diplomacy.models import Resolution


class ResolutionWriteSerializer(DatedInput, AttestedInput, RecordWriteSerializer):
    model = Resolution

    symbol = StrictCharField(allow_null=True, required=False, max_length=40)
    title = StrictCharField(max_length=300)
    body = serializers.ChoiceField(choices=UNBody.choices)
    outcome = serializers.ChoiceField(choices=ResolutionOutcome.choices)
    sponsors = PartInputSerializer(
        many=True,
        required=False,
        help_text="Who sponsored or drafted it: each an object with the actor's slug.",
    )
    votes = VoteInputSerializer(many=True, required=False)
    topics = topics_input()
    summary = StrictCharField(allow_blank=True, required=False)
    citations = citations_input()

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(
            data,
            "symbol",
            "title",
            "body",
            "outcome",
            "summary",
            *self.DATE_FIELDS,
            *self.ATTESTATION_FIELDS,
        )
        votes = None
        if "votes" in data:
            votes = [services.VoteInput.of(item) for item in data["votes"]]
        relations = self.present(data, "topics")
        sponsors = None
        if "sponsors" in data:
            sponsors = [services.PartInput.of(item) for item in data["sponsors"]]
        return {
            "fields": fields,
            "relations": relations,
            "sponsors": sponsors,
            "votes": votes,
            "citations": self.citations(data),
        }
