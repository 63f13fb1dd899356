from django.core.exceptions import ValidationError
from django.db import models

from diplomacy.choices import Attestation, Identification, PublicationStatus


class CuratedModel(models.Model):
    """Publication status, timestamps, and what the seed loader needs to leave edits alone.

    Only published records are public; a retracted one answers 410 Gone with its reason.

    ``seed_digest`` is the digest of the fixture record last loaded into this
    row and ``seeded_at`` the ``updated_at`` value the loader left behind; a row
    whose ``updated_at`` has moved past ``seeded_at`` was changed by someone else.
    """

    status = models.CharField(
        max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    retraction_reason = models.TextField(
        blank=True, help_text="Required when retracting: why the record was withdrawn."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    seed_digest = models.CharField(max_length=64, blank=True, editable=False)
    seeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_edited_since_seeding(self) -> bool:
        return self.seeded_at is not None and self.updated_at > self.seeded_at


def curation_rules(name: str) -> list[models.CheckConstraint]:
    """Constraints every curated model carries; ``name`` is its lowercase model name."""
    retracted = models.Q(status=PublicationStatus.RETRACTED)
    return [
        choice_constraint("status", PublicationStatus, f"diplomacy_{name}_status_valid"),
        models.CheckConstraint(
            condition=(retracted & ~models.Q(retraction_reason=""))
            | (~retracted & models.Q(retraction_reason="")),
            name=f"diplomacy_{name}_retraction_reason",
        ),
    ]


def update_index(name: str) -> models.Index:
    """Serves ``ordering=updated_at`` and ``updated_since``: what changed since a sync."""
    return models.Index(fields=["updated_at", "slug"], name=f"{name}_by_update")


def publish_permission(name: str, plural: str) -> list[tuple[str, str]]:
    return [(f"publish_{name}", f"Can publish and retract {plural}")]


class ChoiceConstraint(models.CheckConstraint):
    """A ``choices`` field's rule, held by the database.

    ``full_clean`` checks the choices already (``clean_fields``, naming the field), so the
    constraint's own validation, one query per constraint per row, is not run again: on
    PostgreSQL that was a fifth of loading the seed data. Migrations see a CheckConstraint.
    """

    def validate(self, model, instance, exclude=None, using=None):
        return None

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


def choice_constraint(field: str, choices, name: str) -> models.CheckConstraint:
    """Back a ``choices`` field with a database rule: ``choices`` alone protects nothing."""
    return ChoiceConstraint(condition=models.Q(**{f"{field}__in": choices.values}), name=name)


class AttestedModel(models.Model):
    """On whose word the record rests, as a whole: each citation says who reported it."""

    attestation = models.CharField(
        max_length=16,
        choices=Attestation.choices,
        default=Attestation.REPORTED,
        help_text="'claimed' when it rests on one party's word while the other side is silent "
        "or denies it; 'confirmed' when both sides or independent sources report it.",
    )
    attestation_note = models.TextField(
        blank=True, help_text="Why: who says so, and who is silent or denies it."
    )
    claimed_by = models.ForeignKey(
        "Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_%(class)ss",
        help_text="For a claimed record: the party making the claim (the Hamas government "
        "media office's press release: hamas). A garbled or unclear sentence is a note, not a "
        "claim.",
    )

    class Meta:
        abstract = True

    def claim_problem(self) -> str | None:
        claimed = self.attestation == Attestation.CLAIMED
        if claimed and self.claimed_by_id is None:
            return "A claimed record names the party making the claim."
        if not claimed and self.claimed_by_id is not None:
            return (
                "Only a claimed record names a claimant: a record resting on no named party's "
                "word is reported, with the doubt in its note."
            )
        return None

    def clean(self):
        super().clean()
        problem = self.claim_problem()
        if problem:
            raise ValidationError({"claimed_by": problem})

    def validate_constraints(self, exclude=None):
        # The claim rule's breach is reported on claimed_by by clean(), not again here.
        if self.claim_problem():
            exclude = {*(exclude or ()), "claimed_by"}
        super().validate_constraints(exclude)


def attestation_rule(name: str) -> models.CheckConstraint:
    return choice_constraint("attestation", Attestation, f"diplomacy_{name}_attestation_valid")


def claim_rule(name: str) -> models.CheckConstraint:
    """A claimed record names who claims it, and only a claimed record does."""
    claimed = models.Q(attestation=Attestation.CLAIMED)
    return models.CheckConstraint(
        condition=(claimed & models.Q(claimed_by__isnull=False))
        | (~claimed & models.Q(claimed_by__isnull=True)),
        name=f"diplomacy_{name}_claim_has_claimant",
        violation_error_message="A claimed record names the party making the claim "
        "(claimed_by), and only a claimed record names one: a record resting on no named "
        "party's word is reported, with the doubt in its note.",
    )


class PartEvidence(models.Model):
    """An actor's part in a record (a statement's audience, a resolution's sponsors), on
    the record's own words: named when a supporting excerpt of the record names them,
    else inferred with the evidence in a note; attested as the record unless one party
    alone says so. The services keep ``evidence``, the naming citation."""

    identification = models.CharField(
        max_length=16,
        choices=Identification.choices,
        default=Identification.NAMED,
        help_text="'inferred' when the record's excerpts only describe the actor (\"the "
        'visiting leaders") and another sentence or source names them.',
    )
    identification_note = models.TextField(
        blank=True, help_text="For an inferred actor: the evidence (which words name them)."
    )
    attestation = models.CharField(
        max_length=16,
        choices=Attestation.choices,
        default=Attestation.REPORTED,
        help_text="On whose word this actor's part rests; the record's unless one party alone "
        "says so.",
    )
    attestation_note = models.TextField(blank=True, help_text="Who says so, and who is silent.")
    evidence = models.ForeignKey(
        "Citation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


def part_rules(name: str) -> list[models.CheckConstraint]:
    return [
        choice_constraint(
            "identification", Identification, f"diplomacy_{name}_identification_valid"
        ),
        choice_constraint("attestation", Attestation, f"diplomacy_{name}_attestation_valid"),
    ]
