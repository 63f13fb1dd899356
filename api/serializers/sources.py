from rest_framework import serializers

from api.serializers.common import record_url
from diplomacy.models import Source


class SourceSerializer(serializers.ModelSerializer):
    article_url = serializers.URLField(
        source="url", allow_null=True, help_text="The article's own address, when it gives one."
    )
    url = record_url("api:source-detail")

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "outlet",
            "outlet_note",
            "published_on",
            "published_precision",
            "published_note",
            "seed_file",
            "sha256",
            "article_url",
            "url",
        ]


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(help_text="The full article text; citation offsets index into it.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]
