from api.filters.base import StrictFilterSet, choice_filter, ordering_filter, source_filter
from api.orderings import FIGURE_ORDERINGS
from diplomacy.choices import FigureMeasure
from diplomacy.models import ReportedFigure


class FigureFilter(StrictFilterSet):
    orderings = FIGURE_ORDERINGS

    measure = choice_filter(FigureMeasure, "measure", "What the figure counts.")
    source = source_filter("figure")
    ordering = ordering_filter(FIGURE_ORDERINGS)

    class Meta:
        model = ReportedFigure
        fields = []
