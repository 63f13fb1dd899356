from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import CitationRole, CoverageMark
from diplomacy.validation import check_offsets

from .actors import Actor, Position
from .base import choice_constraint
from .figures import ReportedFigure
from .meetings import Meeting
from .resolutions import Resolution
from .sources import Source
from .statements import Statement

CITING_FIELDS = ("meeting", "statement", "resolution", "position", "figure")


def _exactly_one_record() -> models.Q:
    either = models.Q(pk__in=[])
    for field in CITING_FIELDS:
        only_this = models.Q(**{f"{field}__isnull": False})
        for other in CITING_FIELDS:
            if other != field:
                only_this &= models.Q(**{f"{other}__isnull": True})
        either |= only_this
    return either


class Citation(models.Model):
    """The words of a source that support one record, with their character offsets."""

    excerpt = models.TextField(
        help_text="The shortest span of the source that supports the record, copied exactly."
    )
    start = models.PositiveIntegerField(editable=False)
    end = models.PositiveIntegerField(editable=False)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    figure = models.ForeignKey(
        ReportedFigure, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text='On whose word the source reports it, as the source words it ("according to '
        'China\'s Foreign Ministry", "a senior US official told CNN"); empty when it names '
        "nobody: the outlet's own reporting.",
    )
    attributed_to = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_citations",
        help_text="The actor the attribution credits, when it is one on record.",
    )
    role = models.CharField(
        max_length=8,
        choices=CitationRole.choices,
        default=CitationRole.SUPPORT,
        help_text="Support: the excerpt alone establishes the fact. Context: it frames it "
        "(what an article says around an event it does not report). Who reported a record "
        "(source=, attributed_to=) counts support only.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_record(), name="diplomacy_citation_cites_one"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="diplomacy_citation_span"
            ),
            models.CheckConstraint(
                condition=models.Q(attributed_to__isnull=True) | ~models.Q(attribution=""),
                name="diplomacy_citation_attribution_worded",
            ),
            choice_constraint("role", CitationRole, "diplomacy_citation_role_valid"),
        ]

    def __str__(self) -> str:
        words = self.excerpt if len(self.excerpt) <= 60 else self.excerpt[:59].rstrip() + "…"
        return f"“{words}”"

    def clean(self):
        # Offsets are found from the excerpt first; until then there is nothing to check.
        if self.start is not None and self.end is not None and self.source_id:
            check_offsets(self.source.text, self.excerpt, self.start, self.end)


class CoverageNote(models.Model):
    """A span of a source that no record needs to cite, and why: a headline, a caption,
    site furniture, background or the outlet's own commentary."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="coverage_notes")
    excerpt = models.TextField(help_text="The words marked, copied exactly from the source.")
    start = models.PositiveIntegerField(editable=False)
    end = models.PositiveIntegerField(editable=False)
    mark = models.CharField(max_length=16, choices=CoverageMark.choices)
    reason = models.TextField(help_text="Why no record cites these words.")
    seeded = models.BooleanField(
        default=False,
        editable=False,
        help_text="Written by the seed loader, which replaces its own marks on each load.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "start", "id"]
        constraints = [
            choice_constraint("mark", CoverageMark, "diplomacy_coveragenote_mark_valid"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="diplomacy_coveragenote_span"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="diplomacy_coveragenote_reason"
            ),
        ]

    def __str__(self) -> str:
        words = self.excerpt if len(self.excerpt) <= 60 else self.excerpt[:59].rstrip() + "…"
        return f"{self.get_mark_display()}: “{words}”"

    def clean(self):
        if self.start is not None and self.end is not None and self.source_id:
            check_offsets(self.source.text, self.excerpt, self.start, self.end)
