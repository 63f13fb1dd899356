from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.validation import not_a_route_name

from .base import CuratedModel, curation_rules, publish_permission, update_index


class Topic(CuratedModel):
    """A term of the controlled vocabulary that records are tagged with."""

    slug = models.SlugField(max_length=80, unique=True, validators=[not_a_route_name])
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        indexes = [update_index("topic")]
        permissions = publish_permission("topic", "topics")
        constraints = curation_rules("topic")

    def __str__(self) -> str:
        return self.name
