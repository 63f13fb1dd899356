from rest_framework import serializers

from api.serializers.common import record_url
from diplomacy.models import Actor, Position


class PositionSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The state or body the post belongs to."
    )
    start = serializers.DateField(source="start_on", allow_null=True)
    end = serializers.DateField(source="end_on", allow_null=True)

    class Meta:
        model = Position
        fields = ["title", "organization", "start", "end", "note"]


class ActorSerializer(serializers.ModelSerializer):
    affiliation = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
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
        ]


class ActorDetailSerializer(ActorSerializer):
    meeting_count = serializers.IntegerField(help_text="Meetings the actor took part in.")
    statement_count = serializers.IntegerField(help_text="Statements the actor made.")

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "meeting_count", "statement_count"]
