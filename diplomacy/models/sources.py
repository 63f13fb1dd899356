from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.validation import not_a_route_name

from .base import CuratedModel, curation_rules, publish_permission, update_index
from .dating import DatedInterval, chronological_indexes, interval_constraints


class Source(CuratedModel, DatedInterval):
    """A published article that records cite; its text is read from seeds/, never typed in."""

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    title = models.CharField(
        max_length=300,
        null=True,
        blank=True,
        help_text="The headline; empty when the article has none.",
    )
    outlet = models.CharField(
        max_length=120,
        null=True,
        blank=True,
        help_text="Only when the text names it (a dateline, a contributor line).",
    )
    outlet_note = models.TextField(blank=True)
    seed_file = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="The file in seeds/ for seed articles; empty for articles added by curators.",
    )
    sha256 = models.CharField(max_length=64)
    text = models.TextField(help_text="The article's full text; citation offsets index into it.")
    url = models.URLField(null=True, blank=True, help_text="Only a URL the source itself gives.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["date_start", "date_end", "slug"]
        indexes = [*chronological_indexes("source"), update_index("source")]
        permissions = publish_permission("source", "sources")
        constraints = [
            *curation_rules("source"),
            *interval_constraints("source"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug
