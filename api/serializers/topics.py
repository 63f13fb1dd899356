from rest_framework import serializers

from diplomacy.models import Topic


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]
