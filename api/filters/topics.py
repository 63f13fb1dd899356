from api.filters.base import StrictFilterSet, ordering_filter
from diplomacy.models import Topic
from diplomacy.ordering import TOPIC_ORDERINGS


class TopicFilter(StrictFilterSet):
    orderings = TOPIC_ORDERINGS

    ordering = ordering_filter(TOPIC_ORDERINGS)

    class Meta:
        model = Topic
        fields = []
