from django.db.models import QuerySet

from api.filters.base import (
    AttributedToFilter,
    DatedFilterSet,
    actor_filter,
    attestation_filter,
    choice_filter,
    ordering_filter,
    search_filter,
    topic_filter,
)
from diplomacy.choices import ResolutionOutcome, UNBody, VotePosition
from diplomacy.models import Resolution
from diplomacy.ordering import RESOLUTION_ORDERINGS
from diplomacy.search import substring_query


class ResolutionFilter(DatedFilterSet):
    orderings = RESOLUTION_ORDERINGS

    body = choice_filter(UNBody, "body", "The UN body.")
    outcome = choice_filter(ResolutionOutcome, "outcome", "What became of it.")
    sponsor = actor_filter("sponsors", "Slug of a sponsoring actor.")
    voter = actor_filter("votes__actor", "Slug of an actor whose vote is reported.", many=False)
    position = choice_filter(
        VotePosition, "votes__position", "With voter: how that actor voted.", many=False
    )
    topic = topic_filter()
    attestation = attestation_filter()
    claimed_by = actor_filter("claimed_by", "Slug of the party making the claim: its claims.")
    attributed_to = AttributedToFilter("resolution")
    q = search_filter('Words or "phrases" in the symbol, title or summary.')
    ordering = ordering_filter(RESOLUTION_ORDERINGS)

    class Meta:
        model = Resolution
        fields = []

    def apply_filters(self, queryset: QuerySet) -> QuerySet:
        # voter and position describe one vote, so they are applied in one filter() call.
        data = self.given()
        voter, position = data.pop("voter", None), data.pop("position", None)
        if voter is not None:
            vote = {"votes__actor": voter}
            if position:
                vote["votes__position"] = position
            queryset = queryset.filter(**vote)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if (
            valid
            and self.form.cleaned_data.get("position")
            and not self.form.cleaned_data.get("voter")
        ):
            self.form.add_error("position", "position needs voter: say whose vote you mean.")
            return False
        return valid

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(substring_query(value, ["symbol", "title", "summary"]))
