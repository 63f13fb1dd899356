from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import FigureMeasure, FigureQualifier

from .actors import Actor
from .base import CuratedModel, choice_constraint, curation_rules, publish_permission


class ReportedFigure(CuratedModel):
    """A casualty or hostage count as one source reports it; sources that disagree each get one."""

    slug = models.SlugField(max_length=120, unique=True)
    measure = models.CharField(max_length=32, choices=FigureMeasure.choices)
    qualifier = models.CharField(max_length=16, choices=FigureQualifier.choices)
    value = models.PositiveIntegerField()
    reported_on = models.DateField(help_text="The reporting source's publication date.")
    summary = models.TextField(blank=True)
    attributed_to = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_figures",
        help_text="Whom the source credits with the figure; empty when it credits no one.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "reported_on", "slug"]
        indexes = [
            models.Index(fields=["measure", "reported_on", "slug"], name="diplomacy_figure_measure")
        ]
        permissions = publish_permission("reportedfigure", "reported figures")
        constraints = [
            *curation_rules("reportedfigure"),
            choice_constraint("measure", FigureMeasure, "diplomacy_figure_measure_valid"),
            choice_constraint("qualifier", FigureQualifier, "diplomacy_figure_qualifier_valid"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_measure_display()}: {self.get_qualifier_display().lower()} {self.value:,}"
        )
