"""Writes: every change to curated records goes through here, validated, in one transaction.

The seed loader uses these functions today; the admin and the write API are
meant to call the same ones, so each rule is enforced in one place.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction

from diplomacy.choices import StatementKind
from diplomacy.models import (
    CITING_FIELDS,
    Actor,
    Citation,
    Meeting,
    Participation,
    Resolution,
    Source,
    Vote,
)
from diplomacy.validation import check_quote, locate_excerpt


@dataclass(frozen=True)
class CitationInput:
    source: Source
    excerpt: str
    occurrence: int | None = None


@dataclass(frozen=True)
class ParticipantInput:
    actor: Actor
    role: str
    title: str | None = None


@dataclass(frozen=True)
class VoteInput:
    actor: Actor
    position: str


def record_save(instance: models.Model) -> models.Model:
    """Validate one row (fields, choices, constraints) and save it."""
    instance.full_clean()
    instance.save()
    return instance


def citation_build(record: models.Model, cited: CitationInput) -> Citation:
    """An unsaved citation whose offsets are found in the source text."""
    start, end = locate_excerpt(cited.source.text, cited.excerpt, cited.occurrence)
    citation = Citation(source=cited.source, excerpt=cited.excerpt, start=start, end=end)
    setattr(citation, _citing_field(record), record)
    return citation


@transaction.atomic
def citations_replace(record: models.Model, citations: Sequence[CitationInput]) -> list[Citation]:
    """Make ``citations`` the record's only citations. A record needs at least one."""
    if not citations:
        raise ValidationError("A record needs at least one citation.", code="no_citation")
    built = [citation_build(record, cited) for cited in citations]
    if getattr(record, "kind", None) == StatementKind.QUOTE:
        check_quote(record.text, [citation.excerpt for citation in built])
    record.citations.all().delete()
    return Citation.objects.bulk_create(built)


@transaction.atomic
def participations_replace(meeting: Meeting, participants: Sequence[ParticipantInput]) -> None:
    rows = [
        Participation(meeting=meeting, actor=p.actor, role=p.role, title=p.title or None)
        for p in participants
    ]
    _refuse_repeats("participant", [row.actor.slug for row in rows])
    for row in rows:
        row.full_clean(exclude=["meeting"], validate_unique=False)
    meeting.participations.all().delete()
    Participation.objects.bulk_create(rows)


@transaction.atomic
def votes_replace(resolution: Resolution, votes: Sequence[VoteInput]) -> None:
    rows = [Vote(resolution=resolution, actor=v.actor, position=v.position) for v in votes]
    _refuse_repeats("vote", [row.actor.slug for row in rows])
    for row in rows:
        row.full_clean(exclude=["resolution"], validate_unique=False)
    resolution.votes.all().delete()
    Vote.objects.bulk_create(rows)


def _refuse_repeats(what: str, slugs: list[str]) -> None:
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ValidationError(
            "Each actor may appear once; %(what)s repeated for %(slugs)s.",
            code="repeated_actor",
            params={"what": what, "slugs": ", ".join(repeated)},
        )


def _citing_field(record: models.Model) -> str:
    for field in CITING_FIELDS:
        if Citation._meta.get_field(field).related_model is type(record):
            return field
    raise TypeError(f"{type(record).__name__} records cannot be cited")
