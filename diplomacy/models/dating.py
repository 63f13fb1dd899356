from django.db import models
from django.db.models import F

from diplomacy.choices import DatePrecision
from diplomacy.dating import edtf_interval
from diplomacy.ordering import DateSortKey
from diplomacy.validation import check_date_range

from .base import choice_constraint


class DatedInterval(models.Model):
    """When something happened, as an interval: the earliest and the latest day the sources
    allow, how precisely they date it, and how the dates were established."""

    date_start = models.DateField(
        null=True, blank=True, help_text="The earliest day the sources allow."
    )
    date_end = models.DateField(
        null=True,
        blank=True,
        help_text="The latest day the sources allow: the same day when they give the day, "
        "the month's last day for 'in October'.",
    )
    date_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
        help_text="How exactly the source dates it; 'unknown' when it gives no date.",
    )
    date_note = models.TextField(
        blank=True,
        help_text="How the dates were established: the phrase, the publication date it was "
        "resolved against, what narrows the range, and any disagreement between sources.",
    )

    class Meta:
        abstract = True

    def date_label(self) -> str:
        """The interval as a reader says it: "2023-11-20", "2023-10-09 to 2023-10-30",
        "undated"."""
        if not (self.date_start or self.date_end):
            return "undated"
        if self.date_start == self.date_end:
            return str(self.date_start)
        return f"{self.date_start or '…'} to {self.date_end or '…'}"

    @property
    def date_edtf(self) -> str | None:
        return edtf_interval(self.date_start, self.date_end)

    # A post held since a known day, until a day not known, may lack either day.
    open_ended = False

    def clean(self):
        super().clean()
        check_date_range(self.date_start, self.date_end, self.date_precision, self.open_ended)


def interval_constraints(name: str, open_ended: bool = False) -> list[models.CheckConstraint]:
    """Both days are known exactly when the precision is; the end is not before the start.

    ``open_ended`` intervals (a post held since a known day) may lack either day.
    """
    unknown = models.Q(date_precision=DatePrecision.UNKNOWN)
    no_days = models.Q(date_start__isnull=True, date_end__isnull=True)
    if open_ended:
        some_day = models.Q(date_start__isnull=False) | models.Q(date_end__isnull=False)
        dated = (unknown & no_days) | (~unknown & some_day)
    else:
        both_days = models.Q(date_start__isnull=False, date_end__isnull=False)
        dated = (unknown & no_days) | (~unknown & both_days)
    return [
        choice_constraint("date_precision", DatePrecision, f"diplomacy_{name}_precision_valid"),
        models.CheckConstraint(condition=dated, name=f"diplomacy_{name}_dated"),
        models.CheckConstraint(
            condition=models.Q(date_end__isnull=True)
            | models.Q(date_start__isnull=True)
            | models.Q(date_end__gte=models.F("date_start")),
            name=f"diplomacy_{name}_dates_ordered",
        ),
    ]


def chronological_indexes(name: str) -> list[models.Index]:
    """The indexes the date orderings (earliest day, latest day, slug) and filters read."""
    return [
        models.Index(fields=["date_start", "date_end", "slug"], name=f"diplomacy_{name}_chrono"),
        models.Index(
            DateSortKey("date_start"),
            DateSortKey("date_end"),
            F("slug"),
            name=f"{name}_oldest_first",
        ),
        models.Index(
            DateSortKey("date_start", descending=True),
            DateSortKey("date_end", descending=True),
            F("slug"),
            name=f"{name}_newest_first",
        ),
    ]
