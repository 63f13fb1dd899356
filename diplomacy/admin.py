"""Django admin for curators: every model, with the columns, search and inlines that matter.

A record is saved with its inlines in one call of ``diplomacy.services``, as the
write API and the seed loader save it, so the same rules give the same messages;
a refused save shows the form again with the service's message. A published or
retracted record is read-only without the publish right; a published record's change
form asks for the correction note its public history shows beside the change.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from diplomacy import services
from diplomacy.choices import CitationRole, PublicationStatus
from diplomacy.coverage import source_coverage
from diplomacy.models import (
    Actor,
    Addressee,
    Citation,
    CoverageNote,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Sponsorship,
    Statement,
    Topic,
    Vote,
)
from diplomacy.validation import locate_excerpt, precision_for

# Narrow boxes in the inline tables, so that a row fits a 1,366-pixel window.
NARROW = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})},
    models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
}


class LinesField(forms.CharField):
    """A list of strings, one a line: an actor's aliases."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return list(dict.fromkeys(lines))  # each once


class SuggestingInput(forms.TextInput):
    """A text box offering the values already in use (a trip's label, a post's title), so
    that the same thing is written the same way; any other value may still be typed."""

    def __init__(self, values, attrs=None):
        super().__init__(attrs)
        self.values = values  # a callable: the values in use, read when the form is drawn

    def render(self, name, value, attrs=None, renderer=None):
        listed = f"{(attrs or {}).get('id', name)}-in-use"
        html = super().render(name, value, {**(attrs or {}), "list": listed}, renderer)
        options = format_html_join("", '<option value="{}">', ((v,) for v in self.values()))
        return format_html('{}<datalist id="{}">{}</datalist>', html, listed, options)


def in_use(model, field: str, limit: int = 200):
    def values():
        rows = model._default_manager.exclude(**{f"{field}__in": ["", None]})
        return rows.order_by(field).values_list(field, flat=True).distinct()[:limit]

    return values


class ExcerptForm(forms.ModelForm):
    """A curator gives the source and the excerpt; the offsets are found in the source text.

    The excerpt is located here too, so that a wrong one is marked on its own row.
    """

    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Only when the excerpt appears more than once in the source: which one.",
    )

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


class CitationForm(ExcerptForm):
    role = forms.ChoiceField(
        choices=CitationRole.choices,
        initial=CitationRole.SUPPORT,
        required=False,
        help_text="Support (the default): the excerpt alone establishes the fact.",
    )

    class Meta:
        model = Citation
        fields = ["source", "excerpt", "attribution", "attributed_to", "role"]


class CitationInline(admin.StackedInline):
    """Each citation in a few rows: the source and the role, the words, who they are
    attributed to."""

    model = Citation
    form = CitationForm
    extra = 1
    fields = [
        ("source", "role", "occurrence"),
        "excerpt",
        ("attribution", "attributed_to"),
        ("start", "end"),
    ]
    readonly_fields = ["start", "end"]
    autocomplete_fields = ["source", "attributed_to"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class PartInline(admin.StackedInline):
    """An actor's part in a record, with the citation naming them (kept by the services):
    each part in a few short rows, the actor first, so that it reads at 1,366 pixels."""

    extra = 0
    ROWS = (
        ("actor", "role", "position", "title"),
        ("identification", "identification_note"),
        ("attestation", "attestation_note"),
    )

    def get_fieldsets(self, request, obj=None):
        shown = set(self.get_formset(request, obj, fields=None).form.base_fields)
        rows = [tuple(n for n in row if n in shown) for row in self.ROWS]
        return [(None, {"fields": [*[row for row in rows if row], "named_in"]})]

    autocomplete_fields = ["actor"]
    readonly_fields = ["named_in"]
    formfield_overrides = NARROW

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "evidence__source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:  # a new part is as attested as the record
            formset.form.base_fields["attestation"].initial = obj.attestation
        return formset

    @admin.display(description="Named in")
    def named_in(self, row) -> str:
        evidence = row.evidence
        if evidence is None:
            return "—"
        words = evidence.excerpt if len(evidence.excerpt) <= 50 else evidence.excerpt[:49] + "…"
        return f"“{words}” ({evidence.source.slug})"


class ParticipationInline(PartInline):
    model = Participation

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":  # the titles in use, to write each the same way
            kwargs["widget"] = SuggestingInput(in_use(Participation, "title"), {"size": 18})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AddresseeInline(PartInline):
    model = Addressee
    verbose_name = "member of the audience"
    verbose_name_plural = "audience"


class VoteInline(PartInline):
    model = Vote


class SponsorshipInline(PartInline):
    model = Sponsorship
    verbose_name = "sponsor"
    verbose_name_plural = "sponsors"


class PositionInline(admin.TabularInline):
    """An actor's posts, listed; each is a record with its own citations, added on its own page."""

    model = Position
    fk_name = "actor"
    extra = 0
    fields = ["slug", "title", "organization", "date_start", "date_end", "status"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What each inline's rows are to the services: the argument they fill, and one row's input.
INLINE_INPUTS = {
    Citation: ("citations", services.CitationInput.of),
    Participation: ("participants", services.ParticipantInput.of),
    Addressee: ("audience", services.PartInput.of),
    Sponsorship: ("sponsors", services.PartInput.of),
    Vote: ("votes", services.VoteInput.of),
}


def refusal_messages(refusal: Exception) -> dict[str | None, list[str]]:
    """A service's refusal as messages by field name (None for the whole record)."""
    if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
        return {
            (None if name == "__all__" else name): reasons
            for name, reasons in refusal.message_dict.items()
        }
    if isinstance(refusal, ValidationError):
        return {None: refusal.messages}
    return {None: [str(refusal) or "You do not have permission to do this."]}


class RefusedWriteForm(forms.ModelForm):
    """Shows the form again with the reasons the services refused to save it."""

    refusal: Exception

    def clean(self):
        cleaned = super().clean()
        for name, reasons in refusal_messages(self.refusal).items():
            self.add_error(name if name in self.fields else None, reasons)
        return cleaned


class CuratedForm(forms.ModelForm):
    """A dated record's precision is worked out from its days when left empty, as the write
    API does; a statement said at a meeting takes the meeting's days when given none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        precision = self.fields.get("date_precision")
        if precision is not None:
            precision.required = False
            precision.choices = [("", "worked out from the days"), *precision.choices]
            precision.help_text = (
                "Left empty: the narrowest that holds the days ('unknown' without)."
            )
            if self.instance.pk is None:
                precision.initial = ""

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if (
            meeting is not None
            and "date_start" in self.fields
            and not cleaned.get("date_start")
            and not cleaned.get("date_end")
            and cleaned.get("date_precision") in ("", None, "unknown")
        ):
            cleaned.update(
                date_start=meeting.date_start,
                date_end=meeting.date_end,
                date_precision=meeting.date_precision,
                date_note=cleaned.get("date_note") or f"As its meeting: {meeting.date_note}",
            )
            for name in ("date_start", "date_end", "date_precision", "date_note"):
                setattr(self.instance, name, cleaned[name])
        if "date_precision" in self.fields and not cleaned.get("date_precision"):
            start, end = cleaned.get("date_start"), cleaned.get("date_end")
            cleaned["date_precision"] = precision_for(start, end) or "unknown"
            self.instance.date_precision = cleaned["date_precision"]
        return cleaned


class CorrectionNoteForm(forms.ModelForm):
    """The note a change to a published record carries (``services.correction_note_of``)."""

    correction_note = forms.CharField(
        label="Correction note",
        max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="Readers see this note beside the change: what was corrected and why.",
    )


class CuratedAdmin(SimpleHistoryAdmin):
    """History and revert, publication status, and bulk publish and retract actions."""

    form = CuratedForm
    actions = ["publish", "publish_with_drafts", "retract"]
    readonly_fields = ["status", "retraction_reason", "created_at", "updated_at"]
    # The fields an editor fills first, at the top of the form; the rest follow.
    first_fields: tuple[str, ...] = ()

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        first = [name for name in ("correction_note", *self.first_fields) if name in fields]
        return [*first, *[name for name in fields if name not in first]]

    # Permissions: what the public sees changes only with the publish right.

    def may_change(self, request, obj) -> bool:
        return (
            obj is None
            or obj.status == PublicationStatus.DRAFT
            or services.may_publish(request.user, self.model)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)

    # A new record's slug is written from its title as it is typed (editable until saved).
    slug_from: tuple[str, ...] = ()

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": self.slug_from} if obj is None and self.slug_from else {}

    def get_readonly_fields(self, request, obj=None):
        # Renaming a record (its old slug then redirects) takes the publish right.
        renames = obj is None or services.may_publish(request.user, self.model)
        return [*super().get_readonly_fields(request, obj), *([] if renames else ["slug"])]

    # Saving: the record and its inlines in one service call.

    def save_model(self, request, obj, form, change):
        if getattr(request, "reverting_history", False):
            # A revert from the history has no inlines: the record is saved here, alone.
            services.record_write(
                obj,
                by=request.user,
                fields={},
                relations=self.m2m(form),
                note=self.note(form),
            )
        # Otherwise saved with its inlines in save_related, in one call.

    def save_related(self, request, form, formsets, change):
        arguments = {"relations": self.m2m(form)}
        for formset in formsets:
            # The admin's change message reads what a formset saved; the service saves.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model not in INLINE_INPUTS or (change and not formset.has_changed()):
                continue
            argument, as_input = INLINE_INPUTS[formset.model]
            arguments[argument] = [
                as_input(row) for row in formset.cleaned_data if row and not row.get("DELETE")
            ]
        services.record_write(
            form.instance, by=request.user, fields={}, note=self.note(form), **arguments
        )

    @staticmethod
    def note(form) -> str:
        return form.cleaned_data.get("correction_note", "")

    @staticmethod
    def m2m(form) -> dict:
        names = [field.name for field in form._meta.model._meta.many_to_many]
        return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.is_published(obj) and self.has_change_permission(request, obj):
            # A change to what the public sees says what it corrects (a history revert's too).
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (CorrectionNoteForm, base), {})
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "refused_write", None)
        if refusal is None:
            return form_class
        return type(form_class.__name__, (RefusedWriteForm, form_class), {"refusal": refusal})

    def is_published(self, obj) -> bool:
        """Whether the record as stored is published (a history revert's ``obj`` is the
        version it reverts to, whose status may differ)."""
        if obj is None or obj.pk is None:
            return False
        stored = self.model._default_manager.filter(pk=obj.pk).values_list("status", flat=True)
        return stored.first() == PublicationStatus.PUBLISHED

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as refusal:
            if request.method != "POST" or hasattr(request, "refused_write"):
                raise
            # Nothing was saved (the view runs in a transaction); show the form again.
            request.refused_write = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_history = True
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except (ValidationError, PermissionDenied) as refusal:
            for reasons in refusal_messages(refusal).values():
                self.message_user(request, " ".join(reasons), messages.ERROR)
            opts = self.model._meta
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
            )

    # Deleting: refused while other records refer to the record.

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            if not self.may_change(request, obj):
                perms_needed.add(f"published {self.opts.verbose_name_plural}")
            protected += [
                f"{services.describe_records([referrer])} (refers to {obj})"
                for referrer in services.referring_records(obj)
            ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.record_delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_delete(obj, by=request.user)

    # Publication status.

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "status"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        permission = f"{self.opts.app_label}.publish_{self.opts.model_name}"
        if not request.user.has_perm(permission):
            actions.pop("publish", None)
            actions.pop("publish_with_drafts", None)
            actions.pop("retract", None)
        return actions

    @admin.action(description="Publish the selected records")
    def publish(self, request, queryset):
        self.change_status(request, queryset, PublicationStatus.PUBLISHED, "")

    @admin.action(description="Publish the selected records with the drafts they show")
    def publish_with_drafts(self, request, queryset):
        self.change_status(request, queryset, PublicationStatus.PUBLISHED, "", publish_needed=True)

    @admin.action(description="Retract the selected records…")
    def retract(self, request, queryset):
        """Asks for the reason on a page of its own (the public reads it), then retracts."""
        reason = request.POST.get("reason", "").strip()
        if reason:
            self.change_status(request, queryset, PublicationStatus.RETRACTED, reason)
            return None
        if "confirm" in request.POST:
            self.message_user(request, "Give the reason: the public reads it.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Retract {_counted(queryset.count(), self.opts)}",
            "records": queryset,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "checkbox": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/diplomacy/retract.html", context)

    def change_status(self, request, queryset, status, reason, publish_needed=False):
        changed = 0
        for record in queryset:
            try:
                services.record_set_status(
                    record, status, reason, by=request.user, publish_needed=publish_needed
                )
                changed += 1
            except (ValidationError, PermissionDenied) as refusal:
                reasons = " ".join(" ".join(m) for m in refusal_messages(refusal).values())
                self.message_user(request, f"{record}: {reasons}", level=messages.ERROR)
        if changed:
            self.message_user(request, f"{changed} record(s) now {status}.", messages.SUCCESS)


def _counted(count: int, opts) -> str:
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    """The text is fixed once cited (citations index into it); sha256 is derived from it.

    Each source has a coverage page: its text with every cited span linked to the records
    citing it, and the sentences that no record cites and no mark explains.
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["slug", "title", "outlet", "date_start", "date_end", "date_precision"]
    first_fields = ("title", "text", "date_start", "date_end", "date_precision", "date_note")
    slug_from = ("title",)
    list_filter = ["outlet", "date_precision"]
    search_fields = ["slug", "title", "outlet"]
    readonly_fields = [*CuratedAdmin.readonly_fields, "sha256", "seed_file", "coverage_link"]
    date_hierarchy = "date_start"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            # The text as pasted, its final newline included (the service makes CRLF LF).
            kwargs["strip"] = False
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view(self.coverage_view)
        return [
            path("<path:object_id>/coverage/", view, name="diplomacy_source_coverage"),
            *super().get_urls(),
        ]

    @admin.display(description="coverage")
    def coverage_link(self, source):
        if source.pk is None:
            return "-"
        url = reverse("admin:diplomacy_source_coverage", args=[source.pk])
        return format_html('<a href="{}">What no record cites</a>', url)

    def coverage_view(self, request, object_id):
        source = self.get_object(request, object_id)
        if source is None or not self.has_view_permission(request, source):
            raise PermissionDenied
        coverage = source_coverage(source)

        def link(cited):
            opts = cited.record._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[cited.record.pk]
            )
            label = f"{opts.verbose_name} {getattr(cited.record, 'slug', cited.record.pk)}"
            return {"url": url, "label": label}

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Coverage of {source}",
            "source": source,
            "total": len(coverage.sentences),
            "cited": len(coverage.sentences) - len(coverage.uncited),
            "marked": len(coverage.uncited) - len(coverage.unmarked),
            "neither": coverage.unmarked,
            "uncited": coverage.uncited_marks(),
            "segments": [
                (piece, [link(cited) for cited in citing]) for piece, citing in coverage.segments()
            ],
        }
        return TemplateResponse(request, "admin/diplomacy/source/coverage.html", context)


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    slug_from = ("name",)
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    first_fields = ("name", "kind", "aliases", "country", "affiliation", "description")
    slug_from = ("name",)
    list_display = ["name", "kind", "country", "affiliation"]
    list_select_related = ["affiliation"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name", "aliases"]
    autocomplete_fields = ["affiliation"]
    inlines = [PositionInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "aliases":
            return LinesField(
                required=False,
                label="Aliases",
                help_text="Other names the sources use, one a line.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Position)
class PositionAdmin(CuratedAdmin):
    first_fields = ("actor", "title", "organization", "tenure", "date_start", "date_end")
    list_display = ["title", "actor", "organization", "date_start", "date_end"]
    search_fields = ["title", "actor__name"]
    autocomplete_fields = ["actor", "organization"]
    inlines = [CitationInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":
            kwargs["widget"] = SuggestingInput(in_use(Position, "title"), {"size": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(CuratedAdmin):
    first_fields = (
        "title",
        "kind",
        "format",
        "occurrence",
        "date_start",
        "date_end",
        "date_precision",
        "date_note",
        "location_name",
        "location_country",
        "trip",
    )
    slug_from = ("title",)
    list_display = [
        "title",
        "date_start",
        "date_end",
        "date_precision",
        "format",
        "location_country",
    ]
    list_filter = [
        "kind",
        "format",
        "occurrence",
        "attestation",
        "date_precision",
        "location_country",
        "topics",
    ]
    search_fields = ["slug", "title", "summary", "participants__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["claimed_by"]
    filter_horizontal = ["topics"]
    inlines = [ParticipationInline, CitationInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "trip":
            kwargs["widget"] = SuggestingInput(in_use(Meeting, "trip"), {"size": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    first_fields = ("speaker", "kind", "text", "meeting", "resolution", "date_start", "date_end")
    list_display = ["__str__", "slug", "kind"]
    list_select_related = ["speaker"]
    list_filter = ["kind", "attestation", "date_precision", "topics"]
    search_fields = ["slug", "text", "speaker__name"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["speaker", "meeting", "resolution", "claimed_by"]
    filter_horizontal = ["topics"]
    inlines = [AddresseeInline, CitationInline]


@admin.register(Resolution)
class ResolutionAdmin(CuratedAdmin):
    first_fields = ("title", "symbol", "body", "outcome", "date_start", "date_end")
    slug_from = ("title",)
    list_display = ["title", "body", "outcome", "date_start", "date_end"]
    list_filter = ["body", "outcome", "attestation", "topics"]
    search_fields = ["slug", "symbol", "title", "summary"]
    autocomplete_fields = ["claimed_by"]
    filter_horizontal = ["topics"]
    inlines = [SponsorshipInline, VoteInline, CitationInline]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(CuratedAdmin):
    first_fields = ("measure", "qualifier", "value", "date_start", "date_end", "date_precision")
    list_display = ["slug", "measure", "qualifier", "value", "date_start", "date_end"]
    list_filter = ["measure", "attestation"]
    search_fields = ["slug", "summary"]
    autocomplete_fields = ["claimed_by"]
    inlines = [CitationInline]


class CoverageNoteForm(ExcerptForm):
    class Meta:
        model = CoverageNote
        fields = ["source", "excerpt", "mark", "reason"]

    def clean(self):
        cleaned = super().clean()
        self.instance.seeded = False  # a curator's mark: the loader leaves it alone
        return cleaned


@admin.register(CoverageNote)
class CoverageNoteAdmin(SimpleHistoryAdmin):
    """Words of a source that need no record, marked with a reason (see the source's coverage)."""

    form = CoverageNoteForm
    list_display = ["source", "mark", "excerpt", "start", "end"]
    list_filter = ["mark", "source"]
    search_fields = ["excerpt", "reason"]
    autocomplete_fields = ["source"]
    readonly_fields = ["start", "end"]
