import django_filters

from api.filters.base import DatedFilterSet, ordering_filter
from diplomacy.models import Source
from diplomacy.ordering import SOURCE_ORDERINGS


class SourceFilter(DatedFilterSet):
    """The dates of a source are those of its publication."""

    orderings = SOURCE_ORDERINGS

    outlet = django_filters.CharFilter(
        field_name="outlet", lookup_expr="iexact", help_text="Outlet name, such as CNN."
    )
    ordering = ordering_filter(SOURCE_ORDERINGS)

    class Meta:
        model = Source
        fields = []
