import hashlib

from rest_framework import serializers

from api.serializers.common import record_url
from api.serializers.inputs import RecordWriteSerializer, StrictCharField, StrictURLField
from diplomacy.choices import DatePrecision
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
            "status",
            "created_at",
            "updated_at",
        ]


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(help_text="The full article text; citation offsets index into it.")

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class SourceWriteSerializer(RecordWriteSerializer):
    """A new article: its text is given once and fixed, since citations index into it."""

    model = Source

    title = StrictCharField(allow_null=True, required=False, max_length=300)
    outlet = StrictCharField(allow_null=True, required=False, max_length=120)
    outlet_note = StrictCharField(allow_blank=True, required=False)
    published_on = serializers.DateField()
    published_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    published_note = StrictCharField()
    text = StrictCharField(trim_whitespace=False, help_text="The full article text.")
    article_url = StrictURLField(allow_null=True, required=False)

    fixed_fields = ("slug", "text")

    def service_arguments(self, data: dict) -> dict:
        names = (
            "title", "outlet", "outlet_note", "published_on", "published_precision",
            "published_note",
        )  # fmt: skip
        fields = self.present(data, *names)
        if "article_url" in data:
            fields["url"] = data["article_url"]
        if "text" in data:
            fields["text"] = data["text"]
            fields["sha256"] = hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
        return {"fields": fields}
