from api.serializers.inputs import (
    DatedInput,
    RecordWriteSerializer,
    StrictCharField,
    StrictURLField,
)
from diplomacy.models import Source


class SourceWriteSerializer(DatedInput, RecordWriteSerializer):
    """A new article: its text is given once and fixed, since citations index into it."""

    model = Source

    title = StrictCharField(allow_null=True, required=False, max_length=300)
    outlet = StrictCharField(allow_null=True, required=False, max_length=120)
    outlet_note = StrictCharField(allow_blank=True, required=False)
    text = StrictCharField(
        trim_whitespace=False,
        help_text="The full article text, kept as given except that each CRLF or CR line "
        "break is stored as LF; `sha256` is the digest of that text, and citation offsets "
        "count its Unicode code points.",
    )
    article_url = StrictURLField(allow_null=True, required=False)

    fixed_fields = ("text",)

    def service_arguments(self, data: dict) -> dict:
        fields = self.present(data, "title", "outlet", "outlet_note", *self.DATE_FIELDS)
        if "article_url" in data:
            fields["url"] = data["article_url"]
        if "text" in data:
            fields["text"] = data["text"]  # the service keeps its line breaks as LF, and digests it
        return {"fields": fields}
