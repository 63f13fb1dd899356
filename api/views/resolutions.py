from api.filters.resolutions import ResolutionFilter
from api.schema import document_resource
from api.serializers.resolutions import ResolutionSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("resolution", "resolutions")
class ResolutionViewSet(ReadOnlyResourceViewSet):
    """UN resolutions and drafts, with sponsors, outcome and the votes reported."""

    filterset_class = ResolutionFilter
    serializer_class = ResolutionSerializer
    list_queryset = staticmethod(queries.resolutions_for_api)
