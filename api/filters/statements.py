from django.db.models import QuerySet

from api.filters.base import (
    AttributedToFilter,
    DatedFilterSet,
    actor_filter,
    attestation_filter,
    choice_filter,
    ordering_filter,
    search_filter,
    slug_filter,
    source_filter,
    topic_filter,
)
from diplomacy.choices import StatementKind
from diplomacy.models import Meeting, Resolution, Statement
from diplomacy.ordering import STATEMENT_ORDERINGS
from diplomacy.search import full_text_search, supports_ranking


class StatementFilter(DatedFilterSet):
    orderings = STATEMENT_ORDERINGS

    speaker = actor_filter("speaker", "Slug of the actor who spoke.")
    meeting = slug_filter(Meeting, "meeting", "Slug of the meeting where it was said.")
    resolution = slug_filter(Resolution, "resolution", "Slug of the resolution it concerns.")
    audience = actor_filter("audience", "Slug of an actor it was addressed to.")
    topic = topic_filter()
    kind = choice_filter(StatementKind, "kind", "quote (verbatim) or paraphrase.")
    attestation = attestation_filter()
    claimed_by = actor_filter("claimed_by", "Slug of the party making the claim: its claims.")
    source = source_filter("statement")
    attributed_to = AttributedToFilter("statement")
    q = search_filter(
        'Full-text search of the statement text: words, "phrases", -exclusions, or. '
        "Stemmed on PostgreSQL (ceasefires finds ceasefire).",
    )
    ordering = ordering_filter(STATEMENT_ORDERINGS)

    class Meta:
        model = Statement
        fields = []

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and self.form.cleaned_data.get("ordering") == "relevance":
            if not self.form.cleaned_data.get("q"):
                self.form.add_error("ordering", "relevance needs q: there is nothing to rank.")
            elif not supports_ranking(self.queryset):
                self.form.add_error(
                    "ordering", "relevance needs the PostgreSQL full-text index; use date."
                )
        return valid and not self.form.errors

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return full_text_search(queryset, value)
