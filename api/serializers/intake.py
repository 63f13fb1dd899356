"""The intake's input and its proposals, as the API takes and shows them."""

from rest_framework import serializers

from api.serializers.inputs import (
    DatedInput,
    StrictCharField,
    StrictInputSerializer,
    StrictURLField,
)
from intake.models import Proposal, ProposalKind, ProposalStatus


class IntakeInputSerializer(DatedInput, StrictInputSerializer):
    """An article: its text, or its HTML page; and what the curator knows of it."""

    text = StrictCharField(
        required=False,
        trim_whitespace=False,
        help_text="The article's text, as given (line breaks are stored as LF). Give this or "
        "`html`.",
    )
    html = StrictCharField(
        required=False,
        trim_whitespace=False,
        help_text="The article's HTML page: its main text and metadata are extracted from it.",
    )
    title = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="A title the curator gives: kept as the curator's, never as the article's.",
    )
    article_url = StrictURLField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Where the curator took the article from: kept as the curator's.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if bool(attrs.get("text")) == bool(attrs.get("html")):
            raise serializers.ValidationError(
                {"text": ["Give the article's text or its HTML, one of them."]}
            )
        return attrs


class ProposalSerializer(serializers.Serializer):
    """A record the rules read in the article: never public, until an editor accepts it and
    publishes the draft it becomes."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    excerpt = serializers.CharField(help_text="The words it rests on, verbatim in the source text.")
    start = serializers.IntegerField(help_text="The excerpt's first code point in the text.")
    end = serializers.IntegerField(help_text="One past its last code point.")
    why = serializers.CharField(help_text="The rule or pattern that fired.")
    confidence = serializers.FloatField(help_text="0 to 1: how far the rule is to be trusted.")
    mode = serializers.CharField(required=False, help_text="Statements: quote or paraphrase.")
    text = serializers.CharField(required=False, help_text="Statements: the words proposed.")
    speaker = serializers.JSONField(
        required=False, help_text='Statements: {"actor": slug} or {"name": ...} for a new one.'
    )
    participants = serializers.JSONField(
        required=False,
        help_text='Meetings: each {"actor": slug} or {"name": ...}, with its role.',
    )
    meeting_kind = serializers.CharField(
        required=False, help_text="Meetings: meeting, visit, summit."
    )
    actor_kind = serializers.CharField(
        required=False, help_text="Actors: person, state, organization."
    )
    country = serializers.CharField(
        required=False, help_text="Actors: a new state's ISO 3166-1 alpha-2 code."
    )
    title = serializers.CharField(required=False)
    format = serializers.CharField(required=False)
    occurrence = serializers.CharField(required=False)
    actor = serializers.CharField(
        required=False, allow_null=True, help_text="Actors: a known one's slug."
    )
    name = serializers.CharField(required=False, help_text="Actors: the name as the text has it.")
    value = serializers.IntegerField(required=False, help_text="Figures.")
    qualifier = serializers.CharField(required=False)
    measure = serializers.CharField(required=False, allow_null=True)
    attribution = serializers.CharField(required=False, allow_blank=True)
    date_start = serializers.DateField(required=False, allow_null=True)
    date_end = serializers.DateField(required=False, allow_null=True)
    date_precision = serializers.CharField(required=False)
    date_note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(allow_blank=True, help_text="Why it was rejected.")
    record = serializers.CharField(
        allow_null=True, help_text="The slug of the draft record accepting it wrote."
    )

    def to_representation(self, proposal: Proposal) -> dict:
        return {
            "id": proposal.pk,
            "kind": proposal.kind,
            "status": proposal.status,
            "excerpt": proposal.excerpt,
            "start": proposal.start,
            "end": proposal.end,
            "why": proposal.why,
            "confidence": proposal.confidence,
            **{key: value for key, value in proposal.data.items() if key != "also"},
            "reason": proposal.reason,
            "record": proposal.record_slug or None,
        }


class IntakeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The draft source's slug.")
    url = serializers.URLField(help_text="This intake, with its proposals.")
    supplied_title = serializers.CharField(allow_blank=True)
    supplied_url = serializers.CharField(allow_blank=True)
    metadata = serializers.JSONField(help_text="What an HTML page's own metadata said.")
    created_at = serializers.DateTimeField()
    proposals = ProposalSerializer(many=True)


class AcceptSerializer(StrictInputSerializer):
    corrections = serializers.DictField(
        required=False,
        help_text="Fields that replace the proposal's before the draft is written: `slug`, "
        "`text`, `speaker` (an actor slug), `participants`, the date fields, `measure`...",
    )


class RejectSerializer(StrictInputSerializer):
    reason = StrictCharField(help_text="Why the proposal is wrong.")


class PublishedRecordSerializer(serializers.Serializer):
    """A record publishing the article published, or found published already."""

    kind = serializers.CharField(help_text="source, actor, position, meeting, statement...")
    slug = serializers.CharField()
    status = serializers.CharField()


class PublishedSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The article's source slug.")
    records = PublishedRecordSerializer(many=True)
