"""The editor's screen for an article: paste or upload it, review what the rules propose
beside its text, correct, accept or reject each proposal, mark what needs no record, look
at the records as the public API will show them, and publish the article in one action.

Every decision goes through ``intake.services`` (which writes through
``diplomacy.services``), so the screen, the intake API and the admin's other pages meet
the same rules and give the same messages.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from diplomacy import coverage
from diplomacy import services as record_services
from diplomacy.admin import in_use
from diplomacy.choices import (
    ActorKind,
    CoverageMark,
    FigureMeasure,
    FigureQualifier,
    MeetingFormat,
    MeetingKind,
    Occurrence,
    ParticipantRole,
    ResolutionOutcome,
    StatementKind,
    UNBody,
)
from diplomacy.models import Actor, Position
from diplomacy.validation import precision_for
from intake import services
from intake.dates import Dated
from intake.models import Intake, Proposal, ProposalKind, ProposalStatus
from intake.review import (
    DECIDING_ORDER,
    MARK_REASONS,
    REJECT_REASONS,
    Review,
)

DATE = forms.DateInput(attrs={"type": "date"})


def actor_field(label: str) -> forms.CharField:
    """Any actor of the record, by slug; the page lists them by name to pick from."""
    return forms.CharField(
        required=False,
        label=label,
        widget=forms.TextInput(
            attrs={"size": 24, "placeholder": "an actor's slug", "list": "actors-in-the-record"}
        ),
    )


def may_take_in(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("diplomacy.add_source")


class TakeInForm(forms.Form):
    """An article: pasted, or a text or HTML file; and what the editor knows of it that
    the text may not say."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        label="The article",
        help_text="Paste it as it stands: headline, dateline and captions included.",
    )
    upload = forms.FileField(
        required=False,
        label="or a file",
        help_text="A .txt file, or a saved .html page (its main text and metadata are read).",
    )
    date_start = forms.DateField(
        required=False,
        widget=DATE,
        label="Published on or after",
        help_text="Only when you know it and the text does not say: the rules read datelines.",
    )
    date_end = forms.DateField(
        required=False, widget=DATE, label="and on or before", help_text="Empty: the same day."
    )
    title = forms.CharField(
        required=False,
        max_length=300,
        help_text="Only when the text has none; kept as yours, never as the article's.",
    )
    article_url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=2000,
        label="Found at",
        help_text="Where the article came from; kept as yours.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), cleaned.get("text") or ""
        if bool(upload) == bool(text.strip()):
            raise ValidationError("Paste the article, or give its file: one of the two.")
        cleaned["html"] = ""
        if upload:
            most = min(services.MAX_HTML, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if upload.size > most:
                raise ValidationError({"upload": f"At most {most:,} bytes."})
            try:
                content = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError({"upload": "The file must be UTF-8 text."}) from None
            is_html = upload.name.lower().endswith((".html", ".htm")) or content.lstrip()[
                :200
            ].lower().startswith(("<!doctype html", "<html"))
            cleaned["html" if is_html else "text"] = content
        start, end = cleaned.get("date_start"), cleaned.get("date_end")
        if end and not start:
            raise ValidationError({"date_start": "Give the first day too."})
        if start and end and end < start:
            raise ValidationError({"date_end": "The last day is before the first."})
        return cleaned


# What an editor may correct, per kind of proposal: the proposal's own fields, prefilled.


class Correction(forms.Form):
    DECISIONS = [("", "undecided"), ("accept", "accept"), ("reject", "reject")]
    decision = forms.ChoiceField(choices=DECISIONS, required=False, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        choices=[("", "why rejected…"), *[(r, r) for r in REJECT_REASONS]], required=False
    )
    other_reason = forms.CharField(required=False, label="or in your words")
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The fields below, per kind, are corrections of the proposal's own.
    fields_of_data: tuple[str, ...] = ()


class DatedCorrection(Correction):
    date_start = forms.DateField(required=False, widget=DATE, label="from")
    date_end = forms.DateField(required=False, widget=DATE, label="to")
    date_note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="date note"
    )


class SourceCorrection(DatedCorrection):
    title = forms.CharField(required=False, max_length=300)
    fields_of_data = ("date_start", "date_end", "date_note", "title")


class ActorCorrection(Correction):
    name = forms.CharField(max_length=200)
    actor_kind = forms.ChoiceField(choices=ActorKind.choices, label="kind")
    known = forms.ChoiceField(required=False, label="is")
    fields_of_data = ("name", "actor_kind")


class PositionCorrection(Correction):
    title = forms.CharField(max_length=200)
    organization = actor_field("of (a state or body)")
    fields_of_data = ("title",)


class MeetingCorrection(DatedCorrection):
    title = forms.CharField(max_length=300)
    meeting_kind = forms.ChoiceField(choices=MeetingKind.choices, label="kind")
    format = forms.ChoiceField(choices=MeetingFormat.choices)
    occurrence = forms.ChoiceField(choices=Occurrence.choices)
    add = forms.ChoiceField(required=False, label="add a participant")
    add_other = actor_field("or add another actor of the record")
    fields_of_data = (
        "title",
        "meeting_kind",
        "format",
        "occurrence",
        "date_start",
        "date_end",
        "date_note",
    )


class StatementCorrection(DatedCorrection):
    mode = forms.ChoiceField(choices=StatementKind.choices, label="kind")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    speaker = forms.ChoiceField()
    speaker_other = actor_field("or another actor of the record")
    meeting = forms.ChoiceField(required=False, label="said at")
    fields_of_data = ("mode", "text", "date_start", "date_end", "date_note")


class FigureCorrection(DatedCorrection):
    value = forms.IntegerField(min_value=0)
    qualifier = forms.ChoiceField(choices=FigureQualifier.choices)
    measure = forms.ChoiceField(choices=[("", "what it counts…"), *FigureMeasure.choices])
    fields_of_data = ("value", "qualifier", "measure", "date_start", "date_end", "date_note")


class ResolutionCorrection(DatedCorrection):
    title = forms.CharField(max_length=300)
    body = forms.ChoiceField(choices=UNBody.choices)
    outcome = forms.ChoiceField(choices=[("", "how it ended…"), *ResolutionOutcome.choices])
    fields_of_data = ("title", "body", "outcome", "date_start", "date_end", "date_note")


# The fields of a decision, not of the record.
CONTROL_FIELDS = ("decision", "reason", "other_reason", "start", "end", "add", "add_other", "known")

CORRECTIONS = {
    ProposalKind.SOURCE: SourceCorrection,
    ProposalKind.ACTOR: ActorCorrection,
    ProposalKind.POSITION: PositionCorrection,
    ProposalKind.MEETING: MeetingCorrection,
    ProposalKind.STATEMENT: StatementCorrection,
    ProposalKind.FIGURE: FigureCorrection,
    ProposalKind.RESOLUTION: ResolutionCorrection,
}


def reference_value(reference: dict | None) -> str:
    if not reference:
        return ""
    return f"a:{reference['actor']}" if reference.get("actor") else f"n:{reference.get('name')}"


def reference_of(value: str) -> dict | None:
    if value.startswith("a:"):
        return {"actor": value[2:]}
    if value.startswith("n:"):
        return {"name": value[2:]}
    return None


def correction_form(proposal: Proposal, review: Review, data=None, shown=None) -> Correction:
    """The proposal's fields, prefilled; ``shown``: its fields as the page showed them,
    against which what the editor changed is told (a decision saved before may have
    re-dated it since)."""
    form_class = CORRECTIONS[proposal.kind]
    fields = shown if shown is not None else proposal.data
    initial = {key: fields.get(key) for key in form_class.fields_of_data}
    if proposal.kind == ProposalKind.ACTOR and proposal.data.get("actor"):
        initial["decision"] = "accept"  # a known actor: accepting writes nothing
    form = form_class(data, prefix=f"p{proposal.pk}", initial=initial)
    for field in form.fields.values():
        field.required = False  # what accepting needs, the rules of the write say
    choices = review.actor_choices
    if proposal.kind == ProposalKind.ACTOR:
        form.fields["known"].choices = [
            ("", "a new actor"),
            *[
                (a.slug, f"{a.name} ({a.kind}), already in the record")
                for a in review.candidates(proposal)
            ],
        ]
        if proposal.data.get("actor"):
            form.fields["known"].choices = [("", proposal.data["name"])]
    if proposal.kind == ProposalKind.MEETING:
        form.fields["add"].choices = [("", "—"), *choices]
    if proposal.kind == ProposalKind.POSITION:
        form.initial["organization"] = fields.get("organization") or ""
        form.fields["title"].widget = forms.TextInput({"size": 30, "list": "titles-in-use"})
    if proposal.kind == ProposalKind.STATEMENT:
        form.fields["speaker"].choices = choices
        form.initial["speaker"] = reference_value(fields.get("speaker"))
        form.fields["meeting"].choices = [
            ("", "no meeting of this article"),
            *review.meeting_choices,
        ]
        form.initial["meeting"] = review.meeting_of(proposal)
    return form


def participant_rows(proposal: Proposal, review: Review, data=None) -> list[dict]:
    rows = []
    for number, item in enumerate(proposal.data.get("participants", [])):
        prefix = f"p{proposal.pk}-part{number}"
        role = (data or {}).get(f"{prefix}-role", item.get("role", "participant"))
        rows.append(
            {
                "prefix": prefix,
                "name": review.name_of(item),
                "new": not item.get("actor"),
                "role": role,
                "removed": bool((data or {}).get(f"{prefix}-remove")),
            }
        )
    return rows


class IntakeAdmin(admin.ModelAdmin):
    """Articles taken in: adding one is pasting it; each has its review screen."""

    list_display = ["article", "created_at", "created_by", "undecided", "accepted", "rejected"]
    list_select_related = ["source", "created_by"]
    search_fields = ["source__slug", "source__title", "supplied_title"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        counts = {
            status: Count("proposals", filter=Q(proposals__status=status))
            for status in ProposalStatus.values
        }
        return super().get_queryset(request).annotate(**counts)

    @admin.display(description="article")
    def article(self, intake):
        url = reverse("admin:intake_intake_review", args=[intake.pk])
        return format_html('<a href="{}">{}</a>', url, intake.source.title or intake.source.slug)

    @admin.display(description="undecided")
    def undecided(self, intake):
        return getattr(intake, ProposalStatus.PROPOSED)

    @admin.display(description="accepted")
    def accepted(self, intake):
        return getattr(intake, ProposalStatus.ACCEPTED)

    @admin.display(description="rejected")
    def rejected(self, intake):
        return getattr(intake, ProposalStatus.REJECTED)

    # Who may: curators, who may add sources.

    def has_module_permission(self, request):
        return may_take_in(request.user)

    def has_view_permission(self, request, obj=None):
        return may_take_in(request.user)

    def has_add_permission(self, request):
        return may_take_in(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # decisions are made on the review screen

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", wrap(self.review_view), name="intake_intake_review"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:intake_intake_review", pk=object_id)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TakeInForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            published = None
            if data["date_start"]:
                start, end = data["date_start"], data["date_end"] or data["date_start"]
                published = Dated(
                    start,
                    end,
                    precision_for(start, end),
                    "Given by the editor.",
                    evidence="curator",
                )
            try:
                intake = services.intake_article(
                    by=request.user,
                    text=data["text"] if not data["html"] else "",
                    html=data["html"],
                    title=data["title"],
                    article_url=data["article_url"],
                    published=published,
                )
            except services.AlreadyTaken as taken:
                form.add_error(None, str(taken))
                existing = Intake.objects.filter(source=taken.source).first()
                if existing is not None:
                    url = reverse("admin:intake_intake_review", args=[existing.pk])
                    messages.warning(
                        request, format_html('Its review: <a href="{}">{}</a>', url, url)
                    )
            except ValidationError as refusal:
                for name, reasons in _by_field(refusal).items():
                    form.add_error(name if name in form.fields else None, reasons)
            else:
                found = intake.proposals.count()
                messages.success(request, f"Read in {intake.seconds:.2f} s: {found} proposals.")
                return redirect("admin:intake_intake_review", pk=intake.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Take in an article",
            "form": form,
        }
        return TemplateResponse(request, "admin/intake/intake/take_in.html", context)

    # The review screen.

    def review_view(self, request, pk: int):
        if not may_take_in(request.user):
            raise PermissionDenied
        intake = get_object_or_404(Intake.objects.select_related("source"), pk=pk)
        if request.method == "POST":
            action = request.POST.get("action", "decide")
            refused = {}
            if action == "publish":
                self.publish(request, intake)
            else:
                refused = self.decide(request, intake)
                self.mark(request, intake)
            if refused:
                # The refused cards keep what the editor entered, with why beside it.
                context = self.review_context(request, intake, refused)
                return TemplateResponse(request, "admin/intake/intake/review.html", context)
            anchor = "#publish" if action == "publish" else ""
            return redirect(reverse("admin:intake_intake_review", args=[pk]) + anchor)
        return TemplateResponse(
            request, "admin/intake/intake/review.html", self.review_context(request, intake)
        )

    def review_context(self, request, intake: Intake, refused: dict | None = None) -> dict:
        review = Review(intake, request.user, request.build_absolute_uri("/").rstrip("/"))
        cards = []
        for proposal in review.proposals:
            form = (refused or {}).get(proposal.pk) or correction_form(proposal, review)
            cards.append(
                {
                    "proposal": proposal,
                    "form": form,
                    "participants": participant_rows(proposal, review),
                    "summary": review.summary(proposal),
                    "fields": [form[name] for name in form.fields if name not in CONTROL_FIELDS],
                    "record_url": review.record_url(proposal),
                    "candidates": "known" in form.fields and len(form.fields["known"].choices) > 1,
                }
            )
        groups = []
        for kind, label in review.GROUPS:
            found = [card for card in cards if card["proposal"].kind == kind]
            if found:
                groups.append({"kind": kind, "label": label, "cards": found})
        may_publish = record_services.may_publish(request.user, intake.source.__class__)
        preview = review.preview()
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review: {intake.source.title or intake.source.slug}",
            "is_nav_sidebar_enabled": False,  # the width is the article's and the cards'
            "intake": intake,
            "source": intake.source,
            "segments": review.segments(),
            "groups": groups,
            "roles": ParticipantRole.choices,
            "marks": review.marks(),
            "mark_choices": [("", "—"), *CoverageMark.choices],
            "mark_reasons": json.dumps(MARK_REASONS),
            "actors": Actor.objects.order_by("name").values_list("slug", "name"),
            "titles": in_use(Position, "title")(),
            "preview": preview,
            "published_all": bool(preview) and all(i["status"] == "published" for i in preview),
            "undecided": sum(1 for p in review.proposals if p.status == ProposalStatus.PROPOSED),
            "may_publish": may_publish,
            "coverage": review.coverage,
        }

    def decide(self, request, intake: Intake) -> dict:
        """Every decision the form holds, in the order records depend on each other: an
        actor before the meeting naming it, a meeting before what was said at it. Answers
        the forms of the refused ones, their reasons attached."""
        review = Review(intake, request.user, "")
        shown = {p.pk: dict(p.data) for p in review.proposals}
        done = {"accept": 0, "reject": 0}
        refused = {}
        for kind in DECIDING_ORDER:
            for proposal in [p for p in review.proposals if p.kind == kind]:
                if proposal.status != ProposalStatus.PROPOSED:
                    continue
                proposal.refresh_from_db()
                if proposal.status != ProposalStatus.PROPOSED:
                    continue  # accepted with a record that needed it
                form = correction_form(proposal, review, request.POST, shown[proposal.pk])
                if not form.is_valid():
                    self.refused(request, proposal, _form_errors(form))
                    refused[proposal.pk] = form
                    continue
                decision = form.cleaned_data["decision"]
                try:
                    if decision == "accept":
                        corrections = self.corrections(request, proposal, form, review)
                        services.proposal_accept(proposal, corrections=corrections, by=request.user)
                        done["accept"] += 1
                    elif decision == "reject":
                        reason = form.cleaned_data["other_reason"] or form.cleaned_data["reason"]
                        services.proposal_reject(proposal, reason=reason, by=request.user)
                        done["reject"] += 1
                except (ValidationError, PermissionDenied) as refusal:
                    self.refused(request, proposal, _by_field(refusal))
                    for name, reasons in _by_field(refusal).items():
                        form.add_error(name if name in form.fields else None, reasons)
                    refused[proposal.pk] = form
                review.refresh()
        if done["accept"] or done["reject"]:
            messages.success(
                request, f"{done['accept']} accepted (drafts written), {done['reject']} rejected."
            )
        return refused

    def corrections(self, request, proposal: Proposal, form: Correction, review: Review) -> dict:
        """What the editor changed of the proposal: only the fields changed."""
        data, cleaned = {}, form.cleaned_data
        changed = [name for name in form.changed_data if form.add_prefix(name) in form.data]
        for name in form.fields_of_data:
            if name in changed:
                value = cleaned[name]
                data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if {"date_start", "date_end"} & set(data):
            # Worked out from the days; one day given is that day; the rules' note no
            # longer says how the days were found, unless the editor wrote a new one.
            data["date_start"] = data.get("date_start", _iso(cleaned.get("date_start")))
            data["date_end"] = data.get("date_end", _iso(cleaned.get("date_end")))
            data["date_start"] = data["date_start"] or data["date_end"]
            data["date_end"] = data["date_end"] or data["date_start"]
            data["date_precision"] = None
            if "date_note" not in data:
                data["date_note"] = "Dated by the editor."
        moved = (cleaned.get("start"), cleaned.get("end"))
        if None not in moved and moved != (proposal.start, proposal.end):
            data["start"], data["end"] = moved
        if proposal.kind == ProposalKind.POSITION and "organization" in changed:
            data["organization"] = cleaned["organization"].strip() or None
        if proposal.kind == ProposalKind.ACTOR and cleaned.get("known"):
            data["actor"] = cleaned["known"]
        if proposal.kind == ProposalKind.STATEMENT:
            if "speaker" in changed:
                data["speaker"] = reference_of(cleaned["speaker"])
            if cleaned.get("speaker_other"):
                data["speaker"] = {"actor": cleaned["speaker_other"].strip()}
            chosen = cleaned.get("meeting") or ""
            if "meeting" in changed and chosen != review.meeting_of(proposal):
                data["meeting"] = review.meeting_slug(chosen)
        if proposal.kind == ProposalKind.MEETING:
            participants = []
            for row in participant_rows(proposal, review, request.POST):
                if not row["removed"]:
                    number = int(row["prefix"].rsplit("part", 1)[1])
                    participants.append(
                        {**proposal.data["participants"][number], "role": row["role"]}
                    )
            if cleaned.get("add"):
                participants.append({**reference_of(cleaned["add"]), "role": "participant"})
            if cleaned.get("add_other"):
                participants.append({"actor": cleaned["add_other"].strip(), "role": "participant"})
            if participants != proposal.data.get("participants"):
                data["participants"] = participants
        return data

    @staticmethod
    def refused(request, proposal: Proposal, problems: dict) -> None:
        reasons = "; ".join(
            f"{name}: {' '.join(found)}" if name else " ".join(found)
            for name, found in problems.items()
        )
        messages.error(
            request,
            format_html(
                '<a href="#p{}">{} proposal {}</a> not decided: {}',
                proposal.pk,
                proposal.get_kind_display(),
                proposal.pk,
                reasons,
            ),
        )

    def mark(self, request, intake: Intake) -> None:
        """Sentences no record cites, marked as needing none (a headline, a dateline...)."""
        marked = 0
        for sentence in coverage.source_coverage(intake.source).unmarked:
            mark = request.POST.get(f"mark-{sentence.start}")
            if not mark:
                continue
            reason = request.POST.get(f"mark-{sentence.start}-reason") or MARK_REASONS.get(mark, "")
            try:
                coverage.mark_add(intake.source, sentence.start, sentence.end, mark, reason)
                marked += 1
            except ValidationError as refusal:
                messages.error(
                    request, f"[{sentence.start}:{sentence.end}]: {' '.join(refusal.messages)}"
                )
        if marked:
            messages.success(request, f"{marked} sentence(s) marked as needing no record.")

    def publish(self, request, intake: Intake) -> None:
        try:
            records = services.intake_publish(intake, by=request.user)
        except (ValidationError, PermissionDenied) as refusal:
            reasons = " ".join(" ".join(found) for found in _by_field(refusal).values())
            messages.error(request, f"Nothing was published: {reasons}")
            return
        left = len(coverage.source_coverage(intake.source).unmarked)
        unmarked = f" {left} sentence(s) are neither cited nor marked." if left else ""
        messages.success(
            request,
            f"Published: the article and {len(records) - 1} record(s) written from it." + unmarked,
        )


admin.site.register(Intake, IntakeAdmin)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _by_field(refusal: Exception) -> dict:
    if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
        return {(None if k == "__all__" else k): v for k, v in refusal.message_dict.items()}
    if isinstance(refusal, ValidationError):
        return {None: refusal.messages}
    return {None: [str(refusal) or "You may not do this."]}


def _form_errors(form: forms.Form) -> dict:
    return {(None if k == "__all__" else k): list(v) for k, v in form.errors.items()}
