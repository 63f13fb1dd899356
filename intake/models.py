"""An article taken in, and what the machine proposes from it: never public.

An ``Intake`` is one article given by a curator: the draft ``Source`` it became, and
what the curator said of it that the article itself does not (a title, the address it
was fetched from), kept apart as the curator's. Each ``Proposal`` is a record the rules
read in the text, anchored in an excerpt of it (offsets in code points), with the rule
that fired and a confidence; an editor accepts it, with corrections, which writes a draft
record through ``diplomacy.services``, or rejects it with a reason.
"""

from django.conf import settings
from django.db import models

from diplomacy.models import Source
from diplomacy.models.base import choice_constraint


class ProposalKind(models.TextChoices):
    SOURCE = "source", "The article's own publication date, title or outlet"
    ACTOR = "actor", "Actor"
    MEETING = "meeting", "Meeting, call, visit or summit"
    STATEMENT = "statement", "Statement: a quote or a paraphrase"
    RESOLUTION = "resolution", "UN resolution"
    FIGURE = "figure", "Reported figure"
    POSITION = "position", "Post held"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed: awaiting an editor"
    ACCEPTED = "accepted", "Accepted: a draft record was written from it"
    REJECTED = "rejected", "Rejected, with a reason"


class Intake(models.Model):
    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="intake")
    supplied_title = models.CharField(
        max_length=300, blank=True, help_text="A title the curator gave: the curator's words."
    )
    supplied_url = models.URLField(
        max_length=2000, blank=True, help_text="Where the curator says the article came from."
    )
    supplied_format = models.CharField(
        max_length=8, default="text", help_text="What the curator gave: text or html."
    )
    metadata = models.JSONField(
        default=dict, blank=True, help_text="What the HTML's own metadata said, as it said it."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0, help_text="How long the rules took.")

    class Meta:
        verbose_name = "article taken in"
        verbose_name_plural = "articles taken in"

    def __str__(self) -> str:
        return f"intake of {self.source.slug}"


class Proposal(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=16, choices=ProposalKind.choices)
    excerpt = models.TextField(help_text="Verbatim in the source text.")
    start = models.PositiveIntegerField(help_text="Offset of the excerpt, in code points.")
    end = models.PositiveIntegerField()
    why = models.CharField(max_length=300, help_text="The rule or pattern that fired.")
    confidence = models.FloatField()
    data = models.JSONField(default=dict, help_text="The proposed record's fields, per kind.")
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    reason = models.TextField(blank=True, help_text="Why it was rejected.")
    record_slug = models.CharField(
        max_length=120, blank=True, help_text="The draft record written when it was accepted."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["intake", "start", "id"]
        constraints = [
            choice_constraint("kind", ProposalKind, "intake_proposal_kind_valid"),
            choice_constraint("status", ProposalStatus, "intake_proposal_status_valid"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="intake_proposal_offsets"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} proposal {self.pk}"
