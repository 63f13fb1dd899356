from api import rows
from api.filters.figures import FigureFilter
from api.schema import document_resource
from api.serializers.figures import FigureSerializer
from api.views.base import ReadOnlyResourceViewSet


@document_resource("reported figure", "reported figures")
class FigureViewSet(ReadOnlyResourceViewSet):
    """Casualty and hostage counts as each source reports them; disagreements stay side by side."""

    filterset_class = FigureFilter
    serializer_class = FigureSerializer
    list_rows = rows.FigureRows
