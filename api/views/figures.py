from api.filters.figures import FigureFilter
from api.schema import document_resource
from api.shapes import FIGURE
from api.views.base import ReadOnlyResourceViewSet


@document_resource("reported figure", "reported figures")
class FigureViewSet(ReadOnlyResourceViewSet):
    """Casualty and hostage counts as each source reports them; disagreements stay side by side."""

    filterset_class = FigureFilter
    shape = FIGURE
