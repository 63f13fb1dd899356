from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from diplomacy.choices import DatePrecision, ResolutionOutcome, UNBody, VotePosition
from diplomacy.ordering import DateSortKey

from .actors import Actor
from .base import CuratedModel, choice_constraint, curation_rules, publish_permission
from .dating import date_note_field, dated_constraint, precision_field
from .topics import Topic


class Resolution(CuratedModel):
    """A UN resolution or draft, with its outcome and the votes the sources report."""

    slug = models.SlugField(max_length=120, unique=True)
    symbol = models.CharField(
        max_length=40, null=True, blank=True, help_text="Only when a source gives it."
    )
    title = models.CharField(max_length=300)
    body = models.CharField(max_length=8, choices=UNBody.choices)
    voted_on = models.DateField(null=True, blank=True)
    date_precision = precision_field()
    date_note = date_note_field()
    outcome = models.CharField(max_length=16, choices=ResolutionOutcome.choices)
    summary = models.TextField(blank=True)
    sponsors = models.ManyToManyField(Actor, blank=True, related_name="sponsored_resolutions")
    topics = models.ManyToManyField(Topic, blank=True, related_name="resolutions")

    history = HistoricalRecords(m2m_fields=[sponsors, topics])

    class Meta:
        ordering = ["voted_on", "slug"]
        indexes = [
            models.Index(fields=["voted_on", "slug"], name="diplomacy_resolution_chrono"),
            models.Index(DateSortKey("voted_on"), F("slug"), name="resolution_oldest_first"),
            models.Index(
                DateSortKey("voted_on", descending=True),
                F("slug"),
                name="resolution_newest_first",
            ),
        ]
        permissions = publish_permission("resolution", "resolutions")
        constraints = [
            *curation_rules("resolution"),
            models.UniqueConstraint(fields=["symbol"], name="diplomacy_resolution_symbol_unique"),
            choice_constraint("body", UNBody, "diplomacy_resolution_body_valid"),
            choice_constraint("outcome", ResolutionOutcome, "diplomacy_resolution_outcome_valid"),
            choice_constraint(
                "date_precision", DatePrecision, "diplomacy_resolution_precision_valid"
            ),
            dated_constraint("voted_on", "diplomacy_resolution_dated"),
        ]

    def __str__(self) -> str:
        return self.symbol or self.title


class Vote(models.Model):
    """How one actor voted on a resolution, as a source reports it."""

    position = models.CharField(max_length=8, choices=VotePosition.choices)
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="votes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "actor"], name="diplomacy_vote_once"),
            choice_constraint("position", VotePosition, "diplomacy_vote_position_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.position}"
