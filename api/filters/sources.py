import django_filters

from api.filters.base import StrictFilterSet, date_filter, ordering_filter
from api.orderings import SOURCE_ORDERINGS
from diplomacy.models import Source


class SourceFilter(StrictFilterSet):
    orderings = SOURCE_ORDERINGS

    outlet = django_filters.CharFilter(
        field_name="outlet", lookup_expr="iexact", help_text="Outlet name, such as CNN."
    )
    date_from = date_filter("published_on", "gte", "Published on or after this day (YYYY-MM-DD).")
    date_to = date_filter("published_on", "lte", "Published on or before this day (YYYY-MM-DD).")
    ordering = ordering_filter(SOURCE_ORDERINGS)

    class Meta:
        model = Source
        fields = []
