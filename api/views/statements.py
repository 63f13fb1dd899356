from api.filters.statements import StatementFilter
from api.schema import document_resource
from api.serializers.statements import StatementWriteSerializer
from api.shapes import STATEMENT
from api.views.base import CuratedResourceViewSet


@document_resource("statement", "statements", STATEMENT)
class StatementViewSet(CuratedResourceViewSet):
    """Quotes (verbatim) and paraphrases, with speaker, audience and citations."""

    filterset_class = StatementFilter
    write_serializer_class = StatementWriteSerializer
    shape = STATEMENT
