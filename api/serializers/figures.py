from rest_framework import serializers

from api.serializers.common import (
    ATTESTATION_FIELDS,
    DATE_FIELDS,
    CitationSerializer,
    edtf_field,
)
from diplomacy.models import ReportedFigure


class FigureSerializer(serializers.ModelSerializer):
    """A figure as one source reports it; its dates are those of reporting."""

    date = edtf_field()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = ReportedFigure
        fields = [
            "slug",
            "measure",
            "qualifier",
            "value",
            *DATE_FIELDS,
            *ATTESTATION_FIELDS,
            "summary",
            "citations",
            "status",
            "created_at",
            "updated_at",
        ]
