from api.facets import Facet, choice_facet, declare
from api.filters.actors import ActorFilter
from api.schema import document_resource
from api.serializers.actors import ActorWriteSerializer
from api.views.base import CuratedResourceViewSet
from api.views.faceted import FacetedViewSetMixin, documented_facets
from diplomacy.choices import ActorKind
from diplomacy.shapes import ACTOR


@document_resource("actor", "actors", ACTOR)
class ActorViewSet(FacetedViewSetMixin, CuratedResourceViewSet):
    """People, states and organizations, with the posts they hold."""

    filterset_class = ActorFilter
    write_serializer_class = ActorWriteSerializer
    shape = ACTOR
    facets = declare(
        choice_facet("kind", ActorKind, "person, state or organization."),
        Facet("country", "country", "By country (ISO 3166-1; for a person, the state)."),
    )
    facet_counts = documented_facets("actors", facets)(FacetedViewSetMixin.facet_counts)
