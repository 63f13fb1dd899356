from api.filters.base import StrictFilterSet, ordering_filter
from api.orderings import TOPIC_ORDERINGS
from diplomacy.models import Topic


class TopicFilter(StrictFilterSet):
    orderings = TOPIC_ORDERINGS

    ordering = ordering_filter(TOPIC_ORDERINGS)

    class Meta:
        model = Topic
        fields = []
