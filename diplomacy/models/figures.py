from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import FigureMeasure, FigureQualifier
from diplomacy.validation import check_reported_after_event, not_a_route_name

from .base import (
    AttestedModel,
    CuratedModel,
    attestation_rule,
    choice_constraint,
    claim_rule,
    curation_rules,
    publish_permission,
    update_index,
)
from .dating import DatedInterval, chronological_indexes, interval_constraints


class ReportedFigure(CuratedModel, DatedInterval, AttestedModel):
    """A casualty or hostage count as one source reports it; sources that disagree each get one."""

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    measure = models.CharField(max_length=32, choices=FigureMeasure.choices)
    qualifier = models.CharField(max_length=16, choices=FigureQualifier.choices)
    value = models.PositiveIntegerField()
    summary = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "date_start", "date_end", "slug"]
        indexes = [
            update_index("reportedfigure"),
            models.Index(
                fields=["measure", "date_start", "date_end", "slug"],
                name="diplomacy_figure_measure",
            ),
            *chronological_indexes("figure"),
        ]
        permissions = publish_permission("reportedfigure", "reported figures")
        constraints = [
            *curation_rules("reportedfigure"),
            choice_constraint("measure", FigureMeasure, "diplomacy_figure_measure_valid"),
            choice_constraint("qualifier", FigureQualifier, "diplomacy_figure_qualifier_valid"),
            *interval_constraints("figure"),
            attestation_rule("figure"),
            claim_rule("figure"),
        ]

    def clean(self):
        super().clean()
        check_reported_after_event(self.measure, self.date_start)

    def __str__(self) -> str:
        return (
            f"{self.get_measure_display()}: {self.get_qualifier_display().lower()} {self.value:,}"
        )
