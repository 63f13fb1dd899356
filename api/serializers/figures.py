from rest_framework import serializers

from api.serializers.common import ActorReferenceSerializer, CitationSerializer
from diplomacy.models import ReportedFigure


class FigureSerializer(serializers.ModelSerializer):
    attributed_to = ActorReferenceSerializer(allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = ReportedFigure
        fields = [
            "slug",
            "measure",
            "qualifier",
            "value",
            "reported_on",
            "attributed_to",
            "summary",
            "citations",
            "status",
            "created_at",
            "updated_at",
        ]
