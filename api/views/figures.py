from api.facets import attestation_facet, choice_facet, declare, periods
from api.filters.figures import FigureFilter
from api.schema import document_resource
from api.views.base import ReadOnlyResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.choices import FigureMeasure
from diplomacy.shapes import FIGURE


@document_resource("reported figure", "reported figures")
class FigureViewSet(FacetedViewSetMixin, ReadOnlyResourceViewSet):
    """Casualty and hostage counts as each source reports them; disagreements stay side by side."""

    filterset_class = FigureFilter
    shape = FIGURE
    facets = declare(
        choice_facet("measure", FigureMeasure, "By what the figure counts."),
        attestation_facet(),
        *periods(),
    )
    facet_counts = documented_facets("figures", facets)(FacetedViewSetMixin.facet_counts)
