from rest_framework import serializers

from api.serializers.common import DATE_FIELDS, edtf_field, record_url
from api.serializers.inputs import (
    RecordWriteSerializer,
    StrictCharField,
    country_input,
    slug_of,
)
from diplomacy.choices import ActorKind
from diplomacy.models import Actor, Position


class PositionSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The state or body the post belongs to.",
    )
    date = edtf_field()

    class Meta:
        model = Position
        fields = ["title", "organization", *DATE_FIELDS, "note"]


class ActorSerializer(serializers.ModelSerializer):
    affiliation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the state or organization the actor acts for.",
    )
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    url = record_url("api:actor-detail")

    class Meta:
        model = Actor
        fields = [
            "slug",
            "name",
            "kind",
            "aliases",
            "country",
            "affiliation",
            "description",
            "positions",
            "url",
            "status",
            "created_at",
            "updated_at",
        ]


class ActorDetailSerializer(ActorSerializer):
    meeting_count = serializers.IntegerField(help_text="Meetings the actor took part in.")
    statement_count = serializers.IntegerField(help_text="Statements the actor made.")

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "meeting_count", "statement_count"]


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
