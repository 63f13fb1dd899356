from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import ResolutionOutcome, UNBody, VotePosition
from diplomacy.validation import not_a_route_name

from .actors import Actor
from .base import (
    AttestedModel,
    CuratedModel,
    PartEvidence,
    attestation_rule,
    choice_constraint,
    claim_rule,
    curation_rules,
    part_rules,
    publish_permission,
    update_index,
)
from .dating import DatedInterval, chronological_indexes, interval_constraints
from .topics import Topic


class Sponsorship(PartEvidence):
    """An actor that sponsored or drafted a resolution, on the words that say so."""

    resolution = models.ForeignKey(
        "diplomacy.Resolution", on_delete=models.CASCADE, related_name="sponsorships"
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "diplomacy_resolution_sponsors"
        unique_together = [("resolution", "actor")]
        ordering = ["resolution", "id"]
        constraints = part_rules("sponsorship")

    def __str__(self) -> str:
        return f"{self.actor.name}, sponsor"


class Resolution(CuratedModel, DatedInterval, AttestedModel):
    """A UN resolution or draft, with its outcome and the votes the sources report."""

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    symbol = models.CharField(
        max_length=40, null=True, blank=True, help_text="Only when a source gives it."
    )
    title = models.CharField(max_length=300)
    body = models.CharField(max_length=8, choices=UNBody.choices)
    outcome = models.CharField(max_length=16, choices=ResolutionOutcome.choices)
    summary = models.TextField(blank=True)
    sponsors = models.ManyToManyField(
        Actor, through=Sponsorship, blank=True, related_name="sponsored_resolutions"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="resolutions")

    history = HistoricalRecords(m2m_fields=[sponsors, topics])

    class Meta:
        ordering = ["date_start", "date_end", "slug"]
        indexes = [*chronological_indexes("resolution"), update_index("resolution")]
        permissions = publish_permission("resolution", "resolutions")
        constraints = [
            *curation_rules("resolution"),
            models.UniqueConstraint(fields=["symbol"], name="diplomacy_resolution_symbol_unique"),
            choice_constraint("body", UNBody, "diplomacy_resolution_body_valid"),
            choice_constraint("outcome", ResolutionOutcome, "diplomacy_resolution_outcome_valid"),
            *interval_constraints("resolution"),
            attestation_rule("resolution"),
            claim_rule("resolution"),
        ]

    def __str__(self) -> str:
        return self.symbol or self.title


class Vote(PartEvidence):
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
            *part_rules("vote"),
        ]

    def __str__(self) -> str:
        return f"{self.actor.name}: {self.get_position_display().lower()}"
