from api.facets import attestation_facet, choice_facet, declare, linked_facet, periods, topic_facet
from api.filters.resolutions import ResolutionFilter
from api.schema import document_resource
from api.serializers.resolutions import ResolutionWriteSerializer
from api.views.base import CuratedResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.choices import ResolutionOutcome, UNBody
from diplomacy.models import Actor, Resolution, Vote
from diplomacy.shapes import RESOLUTION


@document_resource("resolution", "resolutions", RESOLUTION)
class ResolutionViewSet(FacetedViewSetMixin, CuratedResourceViewSet):
    """UN resolutions and drafts, with sponsors, outcome and the votes reported."""

    filterset_class = ResolutionFilter
    write_serializer_class = ResolutionWriteSerializer
    shape = RESOLUTION
    facets = declare(
        linked_facet(
            "sponsor",
            "actor",
            Actor,
            "By sponsor.",
            through=Resolution.sponsors.through,
            parent="resolution",
        ),
        linked_facet(
            "voter",
            "actor",
            Actor,
            "By an actor whose vote is reported.",
            through=Vote,
            parent="resolution",
        ),
        choice_facet("body", UNBody, "By UN body."),
        choice_facet("outcome", ResolutionOutcome, "By outcome."),
        topic_facet(Resolution, "resolution"),
        attestation_facet(),
        *periods(),
    )
    facet_counts = documented_facets("resolutions", facets)(FacetedViewSetMixin.facet_counts)
