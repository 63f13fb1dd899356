from api.filters.statements import StatementFilter
from api.schema import document_resource
from api.serializers.statements import StatementSerializer
from api.views.base import ReadOnlyResourceViewSet
from diplomacy import queries


@document_resource("statement", "statements")
class StatementViewSet(ReadOnlyResourceViewSet):
    """Quotes (verbatim) and paraphrases, with speaker, audience and citations."""

    filterset_class = StatementFilter
    serializer_class = StatementSerializer
    list_queryset = staticmethod(queries.statements_for_api)
