from django.db.models import Exists, OuterRef, QuerySet

from api.filters.base import (
    AllActorsFilter,
    AttributedToFilter,
    DatedFilterSet,
    actor_filter,
    attestation_filter,
    choice_filter,
    country_filter,
    ordering_filter,
    search_filter,
    source_filter,
    topic_filter,
)
from diplomacy.choices import (
    Attestation,
    Identification,
    MeetingFormat,
    MeetingKind,
    Occurrence,
)
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
    claimed_by = actor_filter("claimed_by", "Slug of the party making the claim: its claims.")
    identification = choice_filter(
        Identification,
        "identification",
        "inferred: meetings with a participant the source only describes, identified from "
        "another source.",
        many=False,
    )
    identification.method = "filter_identification"
    participant_identification = choice_filter(
        Identification,
        "identification",
        "A participant named by the meeting's own sources, or inferred from another; with "
        "actor=, that actor's part (each actor's, when repeated).",
        many=False,
    )
    participant_attestation = choice_filter(
        Attestation,
        "attestation",
        "A participant whose part is reported, confirmed or claimed (one party's word, as "
        "a press release naming an envoy); with actor=, that actor's part.",
        many=False,
    )
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

    def apply_filters(self, queryset: QuerySet) -> QuerySet:
        # actor, participant_identification and participant_attestation describe one
        # participation, so they are tested together, actor by actor.
        data = self.given()
        actors = data.pop("actor", None) or [None]
        part = {
            field: data.pop(name)
            for name, field in (
                ("participant_identification", "identification"),
                ("participant_attestation", "attestation"),
            )
            if name in data
        }
        for actor in actors:
            if actor is None and not part:
                break
            rows = Participation.objects.filter(meeting=OuterRef("pk"), **part)
            if actor is None:  # any participant the viewer may see
                rows = rows.filter(self.visibility().condition(Actor, "actor"))
            else:
                rows = rows.filter(actor=actor)
            queryset = queryset.filter(Exists(rows))
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

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
