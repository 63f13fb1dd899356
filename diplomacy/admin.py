"""Django admin for curators: every model, with the columns, search and inlines that matter."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from simple_history.admin import SimpleHistoryAdmin

from diplomacy import services
from diplomacy.choices import PublicationStatus, StatementKind
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
from diplomacy.validation import check_quote, locate_excerpt


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


class CitationFormSet(forms.BaseInlineFormSet):
    """At least one citation; a quote's words verbatim in one of the excerpts."""

    def clean(self):
        super().clean()
        excerpts = [
            form.cleaned_data["excerpt"]
            for form in self.forms
            if form.cleaned_data.get("excerpt") and not form.cleaned_data.get("DELETE")
        ]
        if not excerpts:
            raise ValidationError("A record needs at least one citation.")
        record = self.instance
        if getattr(record, "kind", None) == StatementKind.QUOTE:
            check_quote(record.text, excerpts)


class CitationInline(admin.TabularInline):
    model = Citation
    form = CitationForm
    formset = CitationFormSet
    extra = 1
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


class StatusActionForm(ActionForm):
    reason = forms.CharField(
        required=False, label="Retraction reason", help_text="Required to retract."
    )


class CuratedAdmin(SimpleHistoryAdmin):
    """History and revert, publication status, and bulk publish and retract actions."""

    action_form = StatusActionForm
    actions = ["publish", "retract"]
    readonly_fields = ["status", "retraction_reason", "created_at", "updated_at"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "status"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        permission = f"{self.opts.app_label}.publish_{self.opts.model_name}"
        if not request.user.has_perm(permission):
            actions.pop("publish", None)
            actions.pop("retract", None)
        return actions

    @admin.action(description="Publish the selected records")
    def publish(self, request, queryset):
        self.change_status(request, queryset, PublicationStatus.PUBLISHED, "")

    @admin.action(description="Retract the selected records (give the reason above)")
    def retract(self, request, queryset):
        self.change_status(
            request, queryset, PublicationStatus.RETRACTED, request.POST.get("reason", "")
        )

    def change_status(self, request, queryset, status, reason):
        changed = 0
        for record in queryset:
            try:
                services.record_set_status(record, status, reason)
                changed += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{record}: {' '.join(error.messages)}", level=messages.ERROR
                )
        if changed:
            self.message_user(request, f"{changed} record(s) now {status}.", messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["slug", "title", "outlet", "published_on", "published_precision"]
    list_filter = ["outlet", "published_precision"]
    search_fields = ["slug", "title", "outlet"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "sha256", "seed_file"]
    date_hierarchy = "published_on"


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "kind", "country", "affiliation"]
    list_select_related = ["affiliation"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name", "aliases"]
    autocomplete_fields = ["affiliation"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(CuratedAdmin):
    list_display = ["title", "actor", "organization", "start_on", "end_on"]
    search_fields = ["title", "actor__name"]
    autocomplete_fields = ["actor", "organization"]
    inlines = [CitationInline]


@admin.register(Meeting)
class MeetingAdmin(CuratedAdmin):
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

    def get_queryset(self, request):
        participations = Participation.objects.select_related("actor")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participations", queryset=participations))
        )

    @admin.display(description="participants")
    def participant_names(self, meeting):
        return ", ".join(p.actor.name for p in meeting.participations.all())


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = ["slug", "speaker", "kind", "said_on", "date_precision"]
    list_select_related = ["speaker"]
    list_filter = ["kind", "date_precision", "topics"]
    search_fields = ["slug", "text", "speaker__name"]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "meeting", "resolution", "audience"]
    filter_horizontal = ["topics"]
    inlines = [CitationInline]


@admin.register(Resolution)
class ResolutionAdmin(CuratedAdmin):
    list_display = ["title", "body", "outcome", "voted_on"]
    list_filter = ["body", "outcome", "topics"]
    search_fields = ["slug", "symbol", "title", "summary"]
    autocomplete_fields = ["sponsors"]
    filter_horizontal = ["topics"]
    inlines = [VoteInline, CitationInline]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(CuratedAdmin):
    list_display = ["slug", "measure", "qualifier", "value", "reported_on", "attributed_to"]
    list_filter = ["measure"]
    search_fields = ["slug", "summary"]
    autocomplete_fields = ["attributed_to"]
    inlines = [CitationInline]
