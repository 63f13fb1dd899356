from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.validation import check_offsets

from .actors import Position
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
        ]

    def __str__(self) -> str:
        return f"{self.source_id}[{self.start}:{self.end}]"

    def clean(self):
        # Offsets are found from the excerpt first; until then there is nothing to check.
        if self.start is not None and self.end is not None and self.source_id:
            check_offsets(self.source.text, self.excerpt, self.start, self.end)
