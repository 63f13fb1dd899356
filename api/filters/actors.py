from django.db.models import Q, QuerySet

from api.filters.base import (
    StrictFilterSet,
    choice_filter,
    country_filter,
    ordering_filter,
    search_filter,
)
from diplomacy.choices import ActorKind
from diplomacy.models import Actor
from diplomacy.ordering import ACTOR_ORDERINGS


class ActorFilter(StrictFilterSet):
    orderings = ACTOR_ORDERINGS

    q = search_filter("Case-insensitive match on the name or any alias.")
    kind = choice_filter(ActorKind, "kind", "Kind of actor.")
    country = country_filter("country", "ISO 3166-1 alpha-2 code, such as CN.")
    ordering = ordering_filter(ACTOR_ORDERINGS)

    class Meta:
        model = Actor
        fields = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))
