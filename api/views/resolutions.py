from api import rows
from api.filters.resolutions import ResolutionFilter
from api.schema import document_resource
from api.serializers.resolutions import ResolutionSerializer, ResolutionWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("resolution", "resolutions", ResolutionSerializer)
class ResolutionViewSet(CuratedResourceViewSet):
    """UN resolutions and drafts, with sponsors, outcome and the votes reported."""

    filterset_class = ResolutionFilter
    write_serializer_class = ResolutionWriteSerializer
    serializer_class = ResolutionSerializer
    list_rows = rows.ResolutionRows
