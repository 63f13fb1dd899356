from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from diplomacy.choices import DatePrecision
from diplomacy.ordering import DateSortKey

from .base import CuratedModel, choice_constraint, curation_rules, publish_permission


class Source(CuratedModel):
    """A published article that records cite; its text is read from seeds/, never typed in."""

    slug = models.SlugField(max_length=120, unique=True)
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
    published_on = models.DateField(
        help_text="Established from the content, not from a page header; "
        "for month precision the first day of the month."
    )
    published_precision = models.CharField(max_length=8, choices=DatePrecision.choices)
    published_note = models.TextField(help_text="The evidence for the publication date.")
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
        ordering = ["published_on", "slug"]
        indexes = [
            models.Index(fields=["published_on", "slug"], name="diplomacy_source_published"),
            models.Index(DateSortKey("published_on"), F("slug"), name="source_oldest_first"),
            models.Index(
                DateSortKey("published_on", descending=True),
                F("slug"),
                name="source_newest_first",
            ),
        ]
        permissions = publish_permission("source", "sources")
        constraints = [
            *curation_rules("source"),
            choice_constraint("published_precision", DatePrecision, "diplomacy_source_precision"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug
