from api.filters.resolutions import ResolutionFilter
from api.schema import document_resource
from api.serializers.resolutions import ResolutionWriteSerializer
from api.shapes import RESOLUTION
from api.views.base import CuratedResourceViewSet


@document_resource("resolution", "resolutions", RESOLUTION)
class ResolutionViewSet(CuratedResourceViewSet):
    """UN resolutions and drafts, with sponsors, outcome and the votes reported."""

    filterset_class = ResolutionFilter
    write_serializer_class = ResolutionWriteSerializer
    shape = RESOLUTION
