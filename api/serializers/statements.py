from rest_framework import serializers

from api.serializers.inputs import (
    AttestedInput,
    DatedInput,
    PartInputSerializer,
    RecordWriteSerializer,
    StrictCharField,
    citations_input,
    slug_of,
    topics_input,
)
from diplomacy import services
from diplomacy.choices import StatementKind
from diplomacy.models import Actor, Meeting, Resolution, Statement


class StatementWriteSerializer(DatedInput, AttestedInput, RecordWriteSerializer):
    model = Statement

    speaker = slug_of(Actor, help_text="Slug of the actor who spoke.")
    text = StrictCharField(
        trim_whitespace=False,
        help_text="A quote: the exact words between the quotation marks. "
        "A paraphrase: a short faithful summary.",
    )
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    meeting = slug_of(Meeting, allow_null=True, required=False)
    resolution = slug_of(Resolution, allow_null=True, required=False)
    outlet_reading = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="The outlet's reading of the remark, copied from a cited excerpt; credited "
        "to that source, never part of the paraphrase.",
    )
    audience = PartInputSerializer(
        many=True,
        required=False,
        help_text="Whom it was addressed to: each an object with the actor's slug.",
    )
    topics = topics_input()
    citations = citations_input()

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(
            data,
            "speaker",
            "text",
            "kind",
            "meeting",
            "resolution",
            "outlet_reading",
            *self.DATE_FIELDS,
            *self.ATTESTATION_FIELDS,
        )
        relations = self.present(data, "topics")
        audience = None
        if "audience" in data:
            audience = [services.PartInput.of(item) for item in data["audience"]]
        return {
            "fields": fields,
            "relations": relations,
            "audience": audience,
            "citations": self.citations(data),
        }
