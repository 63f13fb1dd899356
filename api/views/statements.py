from api import rows
from api.filters.statements import StatementFilter
from api.schema import document_resource
from api.serializers.statements import StatementSerializer, StatementWriteSerializer
from api.views.base import CuratedResourceViewSet


@document_resource("statement", "statements", StatementSerializer)
class StatementViewSet(CuratedResourceViewSet):
    """Quotes (verbatim) and paraphrases, with speaker, audience and citations."""

    filterset_class = StatementFilter
    write_serializer_class = StatementWriteSerializer
    serializer_class = StatementSerializer
    list_rows = rows.StatementRows
