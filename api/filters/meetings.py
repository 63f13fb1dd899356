import datetime

from django.db.models import Q, QuerySet

from api.filters.base import (
    AllActorsFilter,
    StrictFilterSet,
    choice_filter,
    country_filter,
    date_filter,
    ordering_filter,
    search_filter,
    source_filter,
    topic_filter,
)
from api.orderings import MEETING_ORDERINGS
from diplomacy.choices import MeetingFormat, MeetingKind, Occurrence
from diplomacy.models import Meeting, Participation
from diplomacy.ordering import date_key_bounds
from diplomacy.search import substring_query
from diplomacy.validation import LONGEST_DATE_RANGE

# The first day from which a date range's longest span can be counted back.
EARLIEST = datetime.date.min + LONGEST_DATE_RANGE


class MeetingFilter(StrictFilterSet):
    orderings = MEETING_ORDERINGS

    actor = AllActorsFilter(Participation, "meeting")
    date_from = date_filter(
        "date_end",
        "gte",
        "Meetings whose date range ends on or after this day (YYYY-MM-DD); undated ones excluded.",
        method="ends_on_or_after",
    )
    date_to = date_filter(
        "date_start",
        "lte",
        "Meetings whose date range starts on or before this day (YYYY-MM-DD).",
        method="starts_on_or_before",
    )
    country = country_filter("location_country", "Country of the location, ISO 3166-1 alpha-2.")
    format = choice_filter(MeetingFormat, "format", "How the meeting took place.")
    kind = choice_filter(MeetingKind, "kind", "Meeting, visit, summit or talks.")
    occurrence = choice_filter(Occurrence, "occurrence", "Held, or planned when reported.")
    topic = topic_filter()
    source = source_filter("meeting")
    q = search_filter(
        'Words or "phrases" matched in the title, summary, location and trip.',
    )
    ordering = ordering_filter(MEETING_ORDERINGS)

    class Meta:
        model = Meeting
        fields = []

    def ends_on_or_after(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # A meeting known only by its first day ends that day; and since no date range
        # spans more than LONGEST_DATE_RANGE, none starts earlier than that before it.
        return queryset.filter(
            Q(date_end__gte=value) | Q(date_end__isnull=True, date_start__gte=value),
            *date_key_bounds("date_start", earliest=max(value, EARLIEST) - LONGEST_DATE_RANGE),
        )

    def starts_on_or_before(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(*date_key_bounds("date_start", latest=value), date_start__lte=value)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            substring_query(value, ["title", "summary", "location_name", "trip"])
        )
