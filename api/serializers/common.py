from rest_framework import serializers

from diplomacy.models import Actor, Citation


class ActorReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["slug", "name", "kind"]


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(
        source="source_slug", help_text="Slug of the cited source; see /api/v1/sources/."
    )
    start = serializers.IntegerField(help_text="Offset of the excerpt's first character.")
    end = serializers.IntegerField(help_text="Offset just past the excerpt: text[start:end].")

    class Meta:
        model = Citation
        fields = ["source", "excerpt", "start", "end"]


def topic_slugs():
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Topic slugs."
    )


def record_url(view_name: str):
    return serializers.HyperlinkedIdentityField(
        view_name=view_name, lookup_field="slug", help_text="This record in the API."
    )
