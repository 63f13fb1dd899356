from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords

from diplomacy.choices import (
    Attestation,
    Identification,
    MeetingFormat,
    MeetingKind,
    Occurrence,
    ParticipantRole,
)
from diplomacy.ordering import DateSortKey
from diplomacy.validation import not_a_route_name

from .actors import Actor, country_code
from .base import (
    AttestedModel,
    CuratedModel,
    attestation_rule,
    choice_constraint,
    claim_rule,
    curation_rules,
    publish_permission,
    update_index,
)
from .dating import DatedInterval, interval_constraints
from .topics import Topic

# The chronological indexes also hold what the status and date filters read, so that
# skipping the rows before a date window needs no table lookups.
COVERED = [F(name) for name in ("slug", "status", "date_start", "date_end", "id")]


class Meeting(CuratedModel, DatedInterval, AttestedModel):
    """A contact between actors: a meeting, visit, call, summit or round of talks."""

    slug = models.SlugField(max_length=120, unique=True, validators=[not_a_route_name])
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    format = models.CharField(max_length=16, choices=MeetingFormat.choices)
    occurrence = models.CharField(
        max_length=16, choices=Occurrence.choices, default=Occurrence.HELD
    )
    location_name = models.CharField(max_length=200, null=True, blank=True)
    location_country = models.CharField(
        max_length=2, null=True, blank=True, validators=[country_code]
    )
    trip = models.CharField(
        max_length=200, blank=True, help_text="A shared label linking the stops of one trip."
    )
    summary = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings")
    participants = models.ManyToManyField(Actor, through="Participation", related_name="meetings")

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        ordering = ["date_start", "date_end", "slug"]
        indexes = [
            update_index("meeting"),
            models.Index(fields=["date_start", "slug"], name="diplomacy_meeting_chrono"),
            models.Index(
                DateSortKey("date_start"),
                DateSortKey("date_end"),
                *COVERED,
                name="meeting_oldest_first",
            ),
            models.Index(
                DateSortKey("date_start", descending=True),
                DateSortKey("date_end", descending=True),
                *COVERED,
                name="meeting_newest_first",
            ),
            models.Index(fields=["date_end"], name="diplomacy_meeting_date_end"),
            models.Index(fields=["location_country"], name="diplomacy_meeting_country"),
        ]
        permissions = publish_permission("meeting", "meetings")
        constraints = [
            *curation_rules("meeting"),
            choice_constraint("kind", MeetingKind, "diplomacy_meeting_kind_valid"),
            choice_constraint("format", MeetingFormat, "diplomacy_meeting_format_valid"),
            choice_constraint("occurrence", Occurrence, "diplomacy_meeting_occurrence_valid"),
            *interval_constraints("meeting"),
            attestation_rule("meeting"),
            claim_rule("meeting"),
        ]

    def __str__(self) -> str:
        # Found by its title and days in the admin's searches and pickers.
        return f"{self.title} ({self.date_label()})"


class Participation(models.Model):
    """An actor's part in a meeting, with the title they held that day."""

    role = models.CharField(max_length=16, choices=ParticipantRole.choices)
    title = models.CharField(
        max_length=200, null=True, blank=True, help_text="As the source words it."
    )
    identification = models.CharField(
        max_length=16,
        choices=Identification.choices,
        default=Identification.NAMED,
        help_text="'inferred' when the source only describes the person (\"Saudi Arabia's top "
        'diplomat") and another source names who held that post then.',
    )
    identification_note = models.TextField(
        blank=True, help_text="For an inferred person: the evidence (which source names them)."
    )
    attestation = models.CharField(
        max_length=16,
        choices=Attestation.choices,
        default=Attestation.REPORTED,
        help_text="On whose word this actor's part rests: 'claimed' when one party alone says "
        "they took part (a press release naming an envoy), even in a confirmed meeting.",
    )
    attestation_note = models.TextField(
        blank=True, help_text="Who says this actor took part, and who is silent."
    )
    # Worked out by the services, never typed: the meeting's supporting citation that names
    # the actor (by name or alias); null for an inferred participant.
    evidence = models.ForeignKey(
        "Citation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="named_participants",
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "actor"], name="diplomacy_participation_once"
            ),
            choice_constraint("role", ParticipantRole, "diplomacy_participation_role_valid"),
            choice_constraint(
                "identification", Identification, "diplomacy_participation_identification_valid"
            ),
            choice_constraint(
                "attestation", Attestation, "diplomacy_participation_attestation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor.name}, {self.get_role_display().lower()}"
