from rest_framework import serializers

from api.serializers.inputs import (
    RecordWriteSerializer,
    StrictCharField,
    country_input,
    slug_of,
)
from diplomacy.choices import ActorKind
from diplomacy.models import Actor


class ActorWriteSerializer(RecordWriteSerializer):
    model = Actor

    name = StrictCharField(max_length=200)
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    aliases = serializers.ListField(child=StrictCharField(), required=False)
    country = country_input()
    affiliation = slug_of(Actor, allow_null=True, required=False)
    description = StrictCharField(allow_blank=True, required=False)

    def service_arguments(self, data: dict) -> dict:
        names = ("name", "kind", "aliases", "country", "affiliation", "description")
        return {"fields": self.present(data, *names)}
