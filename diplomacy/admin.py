"""Django admin for curators: every model, with the columns, search and inlines that matter."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from diplomacy.models import (
    Actor,
    Citation,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
    Topic,
    Vote,
)
from diplomacy.validation import locate_excerpt


class CitationForm(forms.ModelForm):
    """A curator gives the source and the excerpt; the offsets are found in the source text."""

    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Only when the excerpt appears more than once in the source: which one.",
    )

    class Meta:
        model = Citation
        fields = ["source", "excerpt"]

    def clean(self):
        cleaned = super().clean()
        source, excerpt = cleaned.get("source"), cleaned.get("excerpt")
        if source and excerpt:
            try:
                start, end = locate_excerpt(source.text, excerpt, cleaned.get("occurrence"))
            except ValidationError as error:
                raise ValidationError({"excerpt": error.messages}) from None
            self.instance.start, self.instance.end = start, end
        return cleaned


class CitationInline(admin.TabularInline):
    model = Citation
    form = CitationForm
    extra = 0
    fields = ["source", "excerpt", "occurrence", "start", "end"]
    readonly_fields = ["start", "end"]
    autocomplete_fields = ["source"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["actor"]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    autocomplete_fields = ["actor"]


class PositionInline(admin.TabularInline):
    model = Position
    fk_name = "actor"
    extra = 0
    fields = ["slug", "title", "organization", "start_on", "end_on"]
    autocomplete_fields = ["organization"]
    show_change_link = True


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "outlet", "published_on", "published_precision"]
    list_filter = ["outlet", "published_precision"]
    search_fields = ["slug", "title", "outlet"]
    readonly_fields = ["text", "sha256", "seed_file"]
    date_hierarchy = "published_on"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "affiliation"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name", "aliases"]
    autocomplete_fields = ["affiliation"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "actor", "organization", "start_on", "end_on"]
    search_fields = ["title", "actor__name"]
    autocomplete_fields = ["actor", "organization"]
    inlines = [CitationInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "date_start",
        "date_end",
        "date_precision",
        "format",
        "location_country",
    ]
    list_filter = ["kind", "format", "occurrence", "date_precision", "location_country", "topics"]
    search_fields = ["slug", "title", "summary", "participants__name"]
    date_hierarchy = "date_start"
    filter_horizontal = ["topics"]
    inlines = [ParticipationInline, CitationInline]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["slug", "speaker", "kind", "said_on", "date_precision"]
    list_filter = ["kind", "date_precision", "topics"]
    search_fields = ["slug", "text", "speaker__name"]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "meeting", "resolution", "audience"]
    filter_horizontal = ["topics"]
    inlines = [CitationInline]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "outcome", "voted_on"]
    list_filter = ["body", "outcome", "topics"]
    search_fields = ["slug", "symbol", "title", "summary"]
    autocomplete_fields = ["sponsors"]
    filter_horizontal = ["topics"]
    inlines = [VoteInline, CitationInline]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ["slug", "measure", "qualifier", "value", "reported_on", "attributed_to"]
    list_filter = ["measure"]
    search_fields = ["slug", "summary"]
    autocomplete_fields = ["attributed_to"]
    inlines = [CitationInline]
