from api.filters.base import (
    AttributedToFilter,
    DatedFilterSet,
    actor_filter,
    attestation_filter,
    choice_filter,
    ordering_filter,
    source_filter,
)
from diplomacy.choices import FigureMeasure
from diplomacy.models import ReportedFigure
from diplomacy.ordering import FIGURE_ORDERINGS


class FigureFilter(DatedFilterSet):
    """The dates of a figure are those of its reporting."""

    orderings = FIGURE_ORDERINGS

    measure = choice_filter(FigureMeasure, "measure", "What the figure counts.")
    attestation = attestation_filter()
    claimed_by = actor_filter("claimed_by", "Slug of the party making the claim: its claims.")
    source = source_filter("figure")
    attributed_to = AttributedToFilter("figure")
    ordering = ordering_filter(FIGURE_ORDERINGS)

    class Meta:
        model = ReportedFigure
        fields = []
