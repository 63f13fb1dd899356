from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from diplomacy.choices import DatePrecision, StatementKind
from diplomacy.ordering import DateSortKey

from .actors import Actor
from .base import CuratedModel, choice_constraint, curation_rules, publish_permission
from .dating import date_note_field, dated_constraint, precision_field
from .meetings import Meeting
from .resolutions import Resolution
from .topics import Topic


class Statement(CuratedModel):
    """Something an actor said: a verbatim quote or a paraphrase of reported speech."""

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=StatementKind.choices)
    text = models.TextField(
        help_text="A quote: the exact words between the quotation marks, without the marks. "
        "A paraphrase: a short faithful summary."
    )
    said_on = models.DateField(null=True, blank=True)
    date_precision = precision_field()
    date_note = date_note_field()
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    # SET_NULL: a statement stays on record when the meeting it was made at is removed.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    audience = models.ManyToManyField(Actor, blank=True, related_name="addressed_statements")
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    search_document = SearchVectorField(
        null=True,
        editable=False,
        help_text="PostgreSQL only: the text as a search vector, kept by a database trigger.",
    )

    history = HistoricalRecords(m2m_fields=[audience, topics], excluded_fields=["search_document"])

    class Meta:
        ordering = ["said_on", "slug"]
        indexes = [
            models.Index(fields=["said_on", "slug"], name="diplomacy_statement_chrono"),
            models.Index(DateSortKey("said_on"), F("slug"), name="statement_oldest_first"),
            models.Index(
                DateSortKey("said_on", descending=True),
                F("slug"),
                name="statement_newest_first",
            ),
        ]
        permissions = publish_permission("statement", "statements")
        constraints = [
            *curation_rules("statement"),
            choice_constraint("kind", StatementKind, "diplomacy_statement_kind_valid"),
            choice_constraint(
                "date_precision", DatePrecision, "diplomacy_statement_precision_valid"
            ),
            dated_constraint("said_on", "diplomacy_statement_dated"),
        ]

    def __str__(self) -> str:
        return self.slug
