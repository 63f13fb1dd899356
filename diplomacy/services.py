"""Writes: every change to curated records goes through here, validated, in one transaction.

The seed loader uses these functions today; the admin and the write API are
meant to call the same ones, so each rule is enforced in one place.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from diplomacy.choices import PublicationStatus, StatementKind
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
    field = citing_field(record)
    if field is None:
        raise TypeError(f"{type(record).__name__} records cannot be cited")
    setattr(citation, field, record)
    return citation


@transaction.atomic
def record_write(
    instance: models.Model,
    *,
    fields: dict,
    relations: dict[str, list] | None = None,
    participants: Sequence[ParticipantInput] | None = None,
    votes: Sequence[VoteInput] | None = None,
    citations: Sequence[CitationInput] | None = None,
) -> models.Model:
    """Create or update a curated record with its relations, all or nothing.

    The admin, the seed loader and the write API all come through here, so a
    record is checked by the same rules whoever writes it: field values and
    constraints, at least one citation whose excerpt is in the source text, and
    for a quote, its words verbatim in a cited excerpt. ``None`` leaves a
    relation as it is; a list replaces it.
    """
    is_new = instance.pk is None
    for name, value in fields.items():
        setattr(instance, name, value)
    record_save(instance)
    for name, values in (relations or {}).items():
        getattr(instance, name).set(values)
    if participants is not None:
        participations_replace(instance, participants)
    if votes is not None:
        votes_replace(instance, votes)
    if citations is not None:
        citations_replace(instance, citations)
    elif is_new and citing_field(instance):
        raise ValidationError({"citations": "A record needs at least one citation."})
    if getattr(instance, "kind", None) == StatementKind.QUOTE:
        statement_check_quote(instance)
    return instance


def statement_check_quote(statement) -> None:
    """A quote's words must stand verbatim between quotation marks in a cited excerpt."""
    try:
        check_quote(statement.text, [c.excerpt for c in statement.citations.all()])
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from None


@transaction.atomic
def citations_replace(record: models.Model, citations: Sequence[CitationInput]) -> list[Citation]:
    """Make ``citations`` the record's only citations. A record needs at least one."""
    if not citations:
        raise ValidationError({"citations": "A record needs at least one citation."})
    built = []
    for index, cited in enumerate(citations):
        try:
            built.append(citation_build(record, cited))
        except ValidationError as error:
            raise ValidationError({f"citations.{index}.excerpt": error.messages}) from None
    record.citations.all().delete()
    return bulk_create_with_history(built, Citation)


def record_set_status(instance: models.Model, status: str, reason: str = "") -> models.Model:
    """Publish, retract (a published record, with a reason) or keep as draft."""
    current = instance.status
    if status == PublicationStatus.RETRACTED:
        if current != PublicationStatus.PUBLISHED:
            raise ValidationError({"status": "Only a published record can be retracted."})
        if not reason.strip():
            raise ValidationError({"retraction_reason": "Say why the record is retracted."})
    elif status == PublicationStatus.DRAFT and current != PublicationStatus.DRAFT:
        raise ValidationError(
            {"status": "A published record goes back by retraction, with a reason."}
        )
    instance.status = status
    instance.retraction_reason = reason.strip() if status == PublicationStatus.RETRACTED else ""
    return record_save(instance)


@transaction.atomic
def participations_replace(meeting: Meeting, participants: Sequence[ParticipantInput]) -> None:
    rows = [
        Participation(meeting=meeting, actor=p.actor, role=p.role, title=p.title or None)
        for p in participants
    ]
    _refuse_repeats("participants", [row.actor.slug for row in rows])
    _clean_rows("participants", rows, exclude=["meeting"])
    meeting.participations.all().delete()
    bulk_create_with_history(rows, Participation)


@transaction.atomic
def votes_replace(resolution: Resolution, votes: Sequence[VoteInput]) -> None:
    rows = [Vote(resolution=resolution, actor=v.actor, position=v.position) for v in votes]
    _refuse_repeats("votes", [row.actor.slug for row in rows])
    _clean_rows("votes", rows, exclude=["resolution"])
    resolution.votes.all().delete()
    bulk_create_with_history(rows, Vote)


def _refuse_repeats(what: str, slugs: list[str]) -> None:
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ValidationError(
            {what: f"Each actor may appear once; repeated: {', '.join(repeated)}."}
        )


def _clean_rows(what: str, rows: list[models.Model], exclude: list[str]) -> None:
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                {
                    f"{what}.{index}.{name}": messages
                    for name, messages in error.message_dict.items()
                }
            ) from None


def citing_field(record: models.Model) -> str | None:
    """The Citation field that points at records of this kind; None if they are not cited."""
    for field in CITING_FIELDS:
        if Citation._meta.get_field(field).related_model is type(record):
            return field
    return None
