from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from diplomacy.choices import ActorKind, Tenure
from diplomacy.validation import not_a_route_name

from .base import CuratedModel, choice_constraint, curation_rules, publish_permission, update_index
from .dating import DatedInterval, interval_constraints

country_code = RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as CN or QA.")


class Actor(CuratedModel):
    """A person, state or organization that takes part in diplomacy or speaks about it."""

    slug = models.SlugField(max_length=80, unique=True, validators=[not_a_route_name])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ActorKind.choices)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other spellings the sources use."
    )
    country = models.CharField(
        max_length=2,
        null=True,
        blank=True,
        validators=[country_code],
        help_text="ISO 3166-1 alpha-2; for a person, the state they represent.",
    )
    description = models.TextField(blank=True)
    # SET_NULL: deleting a state or organization must not delete the people who acted for it.
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliates",
        help_text="The state or organization a person acts for.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "slug"]
        indexes = [
            update_index("actor"),
            models.Index(fields=["name", "slug"], name="diplomacy_actor_name"),
            models.Index(fields=["kind"], name="diplomacy_actor_kind"),
            models.Index(fields=["country"], name="diplomacy_actor_country"),
        ]
        permissions = publish_permission("actor", "actors")
        constraints = [
            *curation_rules("actor"),
            choice_constraint("kind", ActorKind, "diplomacy_actor_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(CuratedModel, DatedInterval):
    """A post an actor holds (Popolo's membership), such as Ambassador to Qatar.

    Its dates are the days the post began and ended, each only when a source gives it:
    an interval open at either end.
    """

    open_ended = True

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    title = models.CharField(max_length=200, help_text="As the source words it.")
    note = models.TextField(blank=True)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text="The state or body the post belongs to.",
    )

    tenure = models.CharField(
        max_length=8,
        choices=Tenure.choices,
        default=Tenure.UNKNOWN,
        help_text="Whether the source has the post still held, or ended ('former').",
    )
    ended_by = models.DateField(
        null=True,
        blank=True,
        help_text="For a former post whose end day no source gives: the last day it can have "
        "ended, from the text (a 'former ambassador' on 10 March 2024: 2024-03-10).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["actor", "slug"]
        permissions = publish_permission("position", "positions")
        constraints = [
            *curation_rules("position"),
            *interval_constraints("position", open_ended=True),
            choice_constraint("tenure", Tenure, "diplomacy_position_tenure_valid"),
            models.CheckConstraint(
                condition=models.Q(ended_by__isnull=True) | models.Q(tenure=Tenure.FORMER),
                name="diplomacy_position_ended_by_former",
                violation_error_message="Only a former post has a last day it can have ended.",
            ),
        ]

    def clean(self):
        super().clean()
        if self.ended_by is not None and self.tenure != Tenure.FORMER:
            raise ValidationError({"ended_by": "Only a former post has ended_by."})
        if self.ended_by and self.date_start and self.ended_by < self.date_start:
            raise ValidationError({"ended_by": "The post cannot end before it began."})

    def validate_constraints(self, exclude=None):
        # The ended_by rule is reported on its field by clean().
        if self.ended_by is not None and self.tenure != Tenure.FORMER:
            exclude = {*(exclude or ()), "ended_by"}
        super().validate_constraints(exclude)

    def __str__(self) -> str:
        return self.title
