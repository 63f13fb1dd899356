from api.serializers.inputs import RecordWriteSerializer, StrictCharField
from diplomacy.models import Topic


class TopicWriteSerializer(RecordWriteSerializer):
    model = Topic

    name = StrictCharField(max_length=120)
    description = StrictCharField(allow_blank=True, required=False)

    def service_arguments(self, data: dict) -> dict:
        return {"fields": self.present(data, "name", "description")}
