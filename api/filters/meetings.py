from django.db.models import Exists, OuterRef, QuerySet

from api.filters.base import (
    AllActorsFilter,
    AttributedToFilter,
    DatedFilterSet,
    attestation_filter,
    choice_filter,
    country_filter,
    ordering_filter,
    search_filter,
    source_filter,
    topic_filter,
)
from diplomacy.choices import Identification, MeetingFormat, MeetingKind, Occurrence
from diplomacy.models import Actor, Meeting, Participation
from diplomacy.ordering import MEETING_ORDERINGS
from diplomacy.search import substring_query


class MeetingFilter(DatedFilterSet):
    orderings = MEETING_ORDERINGS

    actor = AllActorsFilter(Participation, "meeting")
    country = country_filter("location_country", "Country of the location, ISO 3166-1 alpha-2.")
    format = choice_filter(MeetingFormat, "format", "How the meeting took place.")
    kind = choice_filter(MeetingKind, "kind", "Meeting, visit, summit or talks.")
    occurrence = choice_filter(Occurrence, "occurrence", "Held, or planned when reported.")
    attestation = attestation_filter()
    identification = choice_filter(
        Identification,
        "identification",
        "inferred: meetings with a participant the source only describes, identified from "
        "another source.",
        many=False,
    )
    identification.method = "filter_identification"
    topic = topic_filter()
    source = source_filter("meeting")
    attributed_to = AttributedToFilter("meeting")
    q = search_filter(
        'Words or "phrases" matched in the title, summary, location and trip.',
    )
    ordering = ordering_filter(MEETING_ORDERINGS)

    class Meta:
        model = Meeting
        fields = []

    def filter_identification(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Only the participants the viewer may see count.
        rows = Participation.objects.filter(
            self.visibility().condition(Actor, "actor"),
            meeting=OuterRef("pk"),
            identification=value,
        )
        return queryset.filter(Exists(rows))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            substring_query(value, ["title", "summary", "location_name", "trip"])
        )
