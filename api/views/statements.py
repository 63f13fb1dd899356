from api.facets import attestation_facet, choice_facet, declare, linked_facet, periods, topic_facet
from api.filters.statements import StatementFilter
from api.schema import document_resource
from api.serializers.statements import StatementWriteSerializer
from api.views.base import CuratedResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.choices import StatementKind
from diplomacy.models import Actor, Statement
from diplomacy.shapes import STATEMENT


@document_resource("statement", "statements", STATEMENT)
class StatementViewSet(FacetedViewSetMixin, CuratedResourceViewSet):
    """Quotes (verbatim) and paraphrases, with speaker, audience and citations."""

    filterset_class = StatementFilter
    write_serializer_class = StatementWriteSerializer
    shape = STATEMENT
    facets = declare(
        linked_facet("speaker", "speaker", Actor, "By speaker."),
        linked_facet(
            "audience",
            "actor",
            Actor,
            "By an actor addressed.",
            through=Statement.audience.through,
            parent="statement",
        ),
        topic_facet(Statement, "statement"),
        choice_facet("kind", StatementKind, "quote or paraphrase."),
        attestation_facet(),
        *periods(),
    )
    facet_counts = documented_facets("statements", facets)(FacetedViewSetMixin.facet_counts)
