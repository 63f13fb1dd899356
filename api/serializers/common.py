from rest_framework import serializers

from diplomacy.models import Actor, Citation


class ActorReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["slug", "name", "kind"]


class BlankAsNullField(serializers.CharField):
    """Text that is null in the API where the database keeps it empty."""

    def to_representation(self, value):
        return super().to_representation(value) or None


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(
        source="source_slug", help_text="Slug of the cited source; see /api/v1/sources/."
    )
    start = serializers.IntegerField(help_text="Offset of the excerpt's first character.")
    end = serializers.IntegerField(help_text="Offset just past the excerpt: text[start:end].")
    attribution = BlankAsNullField(
        allow_null=True,
        help_text="On whose word the source reports it, in its words (\"according to China's "
        "Foreign Ministry\"); null when it names nobody: the outlet's own reporting.",
    )
    attributed_to = serializers.CharField(
        source="attributed_to_slug",
        allow_null=True,
        help_text="Slug of the actor the attribution credits, when one is on record.",
    )

    class Meta:
        model = Citation
        fields = ["source", "excerpt", "start", "end", "attribution", "attributed_to"]


def topic_slugs():
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Topic slugs."
    )


def record_url(view_name: str):
    return serializers.HyperlinkedIdentityField(
        view_name=view_name, lookup_field="slug", help_text="This record in the API."
    )


DATE_FIELDS = ["date", "date_start", "date_end", "date_precision", "date_note"]
ATTESTATION_FIELDS = ["attestation", "attestation_note"]


def edtf_field():
    """The interval as one string; the model's own fields give its bounds and precision."""
    return serializers.CharField(
        source="date_edtf",
        allow_null=True,
        read_only=True,
        help_text="The interval as one ISO 8601-2 (EDTF) string: 2023-11-20 (a day), 2023-10 "
        "(a month), 2023-10-08/2023-10-31 (a range); null when undated.",
    )
