from django.contrib.postgres.search import SearchVectorField
from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import StatementKind
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
from .meetings import Meeting
from .resolutions import Resolution
from .topics import Topic


class Addressee(PartEvidence):
    """An actor a statement was addressed to, on the words that say so."""

    statement = models.ForeignKey(
        "diplomacy.Statement", on_delete=models.CASCADE, related_name="addressees"
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "diplomacy_statement_audience"
        unique_together = [("statement", "actor")]
        ordering = ["statement", "id"]
        constraints = part_rules("addressee")

    def __str__(self) -> str:
        return f"{self.actor.name}, addressed"


class Statement(CuratedModel, DatedInterval, AttestedModel):
    """Something an actor said: a verbatim quote or a paraphrase of reported speech."""

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    kind = models.CharField(max_length=16, choices=StatementKind.choices)
    text = models.TextField(
        help_text="A quote: the exact words between the quotation marks, without the marks. "
        "A paraphrase: a short faithful summary."
    )
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    outlet_reading = models.TextField(
        blank=True,
        help_text="The outlet's reading of the remark, in its words as a cited excerpt has "
        "them (\"making a subtle reference to the United States' support for Israel's "
        'actions"), credited to that source. Never in the paraphrase, which holds what the '
        "speaker said.",
    )
    # Worked out by the services: the cited source whose excerpt holds the reading.
    outlet_reading_source = models.ForeignKey(
        "Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # SET_NULL: a statement stays on record when the meeting it was made at is removed.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    audience = models.ManyToManyField(
        Actor, through=Addressee, blank=True, related_name="addressed_statements"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="PostgreSQL only: the text as a search vector, kept by a database trigger.",
    )

    history = HistoricalRecords(m2m_fields=[audience, topics], excluded_fields=["search_document"])

    class Meta:
        ordering = ["date_start", "date_end", "slug"]
        indexes = [*chronological_indexes("statement"), update_index("statement")]
        permissions = publish_permission("statement", "statements")
        constraints = [
            *curation_rules("statement"),
            choice_constraint("kind", StatementKind, "diplomacy_statement_kind_valid"),
            *interval_constraints("statement"),
            attestation_rule("statement"),
            claim_rule("statement"),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 70 else self.text[:69].rstrip() + "…"
        return f"{self.speaker.name}: “{words}” ({self.date_label()})"
