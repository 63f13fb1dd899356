"""Writes: every change to curated records goes through here, validated, in one transaction.

The seed loader, the admin and the write API all call these functions, so each
rule is enforced in one place: field values and constraints, citations and
quotes, a slug changed only by a rename (its old slug then redirects), a cited
source's text fixed, and the publish right for anything the public sees.

``by`` is the user making the change; ``None`` is the seed loader, which writes
what editors curated in the fixtures and may publish. A person's change to a published
record carries a correction note (``note``): what was corrected and why, which readers see
beside the change in the record's public history (``correction_note_of``).

A write's effects are here, in order: the rows it touches are watched before and after
(``diplomacy.changes.PublicChanges``), and when it ends the change feed gets an entry
for each record whose public projection changed, in the same transaction; those records
changed through what they show get a new ``updated_at``. The page cache keys on the
feed's position, so that is its invalidation too. History is django-simple-history's
(its rows are written beside each save, and by ``bulk_create_with_history``). Several
writes that make one change (a record and its status, a load of the fixtures) share one
``PublicChanges``, given as ``public``, and settle it together.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.db.models.signals import m2m_changed
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from diplomacy.changes import PublicChanges, resource_of
from diplomacy.choices import (
    Attestation,
    CitationRole,
    Identification,
    Occurrence,
    PublicationStatus,
    StatementKind,
)
from diplomacy.models import (
    CITING_FIELDS,
    Actor,
    Addressee,
    Change,
    Citation,
    FormerSlug,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Sponsorship,
    Statement,
    Vote,
)
from diplomacy.models.dating import DatedInterval
from diplomacy.validation import (
    check_attribution,
    check_quote,
    excerpt_names,
    locate_excerpt,
    with_line_feeds,
)

NEEDS_A_CITATION = "A record needs at least one citation."
# The longest correction note: a sentence or two beside the change, not an article.
MAX_NOTE = 500
NEEDS_A_NOTE = (
    "A change to a published record needs a correction note: what was corrected and why; "
    "readers see it."
)

# ``by`` for the seed loader: it writes what editors curated in the fixtures, published.
LOADER = None

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
RETRACTED = PublicationStatus.RETRACTED


class RecordInUse(ProtectedError):
    """A delete refused because other records refer to the record."""

    def __init__(self, record: models.Model, referrers: list[models.Model]):
        super().__init__(
            f"Other records refer to {describe_records([record])}: "
            f"{describe_records(referrers)}; change them first.",
            referrers,
        )


class SlugTaken(ValidationError):
    """A record's new slug belongs to a record already stored, or did before a rename: a
    conflict with that record, where the API answers it."""

    def __init__(self, record: models.Model, renamed_to: str | None = ""):
        kind = record._meta.verbose_name
        if renamed_to == "":
            message = (
                f"A {kind} with the slug {record.slug} exists already; "
                "choose another slug, or change that record."
            )
        elif renamed_to is None:
            message = (
                f"The slug {record.slug} was another {kind}'s before it was renamed or "
                "deleted, and is not given again; choose another slug."
            )
        else:
            message = (
                f"The slug {record.slug} was the {kind} {renamed_to}'s before it was renamed, "
                "and its old links lead there; choose another slug."
            )
        super().__init__({"slug": message})


# The rows a record owns, as the services take them. ``of`` turns a row of cleaned values
# (an admin inline's, the write API's) into one: the one conversion both use.


@dataclass(frozen=True)
class CitationInput:
    source: Source
    excerpt: str
    occurrence: int | None = None
    attribution: str = ""
    attributed_to: Actor | None = None
    role: str = CitationRole.SUPPORT

    @classmethod
    def of(cls, row: dict) -> "CitationInput":
        return cls(
            row["source"],
            row["excerpt"],
            row.get("occurrence"),
            row.get("attribution") or "",
            row.get("attributed_to"),
            row.get("role") or CitationRole.SUPPORT,
        )


@dataclass(frozen=True)
class ParticipantInput:
    actor: Actor
    role: str
    title: str | None = None
    identification: str = Identification.NAMED
    identification_note: str = ""
    # None: as the meeting's own attestation.
    attestation: str | None = None
    attestation_note: str = ""

    @classmethod
    def of(cls, row: dict) -> "ParticipantInput":
        return cls(
            row["actor"],
            row["role"],
            row.get("title") or None,
            row.get("identification") or Identification.NAMED,
            row.get("identification_note") or "",
            row.get("attestation") or None,
            row.get("attestation_note") or "",
        )


@dataclass(frozen=True)
class PartInput:
    """An actor's part in a record (a member of a statement's audience): named by the
    record's words unless inferred; attested as the record unless told (None)."""

    actor: Actor
    identification: str = Identification.NAMED
    identification_note: str = ""
    attestation: str | None = None
    attestation_note: str = ""

    @classmethod
    def of(cls, row) -> "PartInput":
        """From an actor alone (named), or a mapping of the fields."""
        if isinstance(row, cls):
            return row
        if isinstance(row, Actor):
            return cls(row)
        return cls(
            row["actor"],
            row.get("identification") or Identification.NAMED,
            row.get("identification_note") or "",
            row.get("attestation") or None,
            row.get("attestation_note") or "",
        )


@dataclass(frozen=True)
class VoteInput:
    actor: Actor
    position: str
    identification: str = Identification.NAMED
    identification_note: str = ""
    attestation: str | None = None
    attestation_note: str = ""

    @classmethod
    def of(cls, row: dict) -> "VoteInput":
        part = PartInput.of(row)
        return cls(
            row["actor"],
            row["position"],
            part.identification,
            part.identification_note,
            part.attestation,
            part.attestation_note,
        )


def record_save(instance: models.Model, stored: models.Model | None = None) -> bool:
    """Validate one row (fields, choices, constraints) and save it; whether it was written.

    Given the row as stored, only the columns that differ from it are written (and
    ``updated_at``), so a write never puts back a value it did not mean to change.
    """
    instance.full_clean()
    if stored is None:
        instance.save()
        return True
    columns = [field for field in instance._meta.concrete_fields if not field.primary_key]
    changed = [
        field.name
        for field in columns
        if getattr(instance, field.attname) != getattr(stored, field.attname)
    ]
    if changed:  # a write that changes nothing leaves the row, its updated_at and ETag alone
        stamps = [field.name for field in columns if getattr(field, "auto_now", False)]
        instance.save(update_fields=changed + stamps)
    return bool(changed)


def citation_build(record: models.Model, cited: CitationInput) -> Citation:
    """An unsaved citation whose offsets are found in the source text."""
    excerpt = with_line_feeds(cited.excerpt)
    check_attribution(cited.source.text, cited.attribution, cited.attributed_to)
    start, end = locate_excerpt(cited.source.text, excerpt, cited.occurrence)
    citation = Citation(
        source=cited.source,
        excerpt=excerpt,
        start=start,
        end=end,
        attribution=cited.attribution,
        attributed_to=cited.attributed_to,
        role=cited.role,
    )
    field = citing_field(record)
    if field is None:
        raise TypeError(f"{type(record).__name__} records cannot be cited")
    setattr(citation, field, record)
    return citation


def may_publish(user, model: type[models.Model]) -> bool:
    """The publish right on ``model``: to publish, retract, or change what the public sees."""
    return user is None or user.has_perm(f"diplomacy.publish_{model._meta.model_name}")


def check_publish_right(user, record: models.Model, doing: str) -> None:
    if not may_publish(user, type(record)):
        raise PermissionDenied(f"{doing} needs the publish permission.")


@transaction.atomic
def record_write(
    instance: models.Model,
    *,
    by,
    fields: dict,
    relations: dict[str, list] | None = None,
    participants: Sequence[ParticipantInput] | None = None,
    audience: Sequence[PartInput] | None = None,
    sponsors: Sequence[PartInput] | None = None,
    votes: Sequence[VoteInput] | None = None,
    citations: Sequence[CitationInput] | None = None,
    public: PublicChanges | None = None,
    note: str = "",
) -> models.Model:
    """Create or update a curated record with its relations, all or nothing.

    The admin, the seed loader and the write API all come through here, so a
    record is checked by the same rules whoever writes it: field values and
    constraints, at least one citation whose excerpt is in the source text, and
    for a quote, its words verbatim in a cited excerpt. A published or retracted
    record changes only with the publish right, and a published one, when a person
    changes it, with a correction ``note`` (``correction_note_of``), which its change
    feed entry carries. A status set on ``instance`` (a history revert) is checked as
    ``record_set_status`` checks it. ``None`` leaves a relation as it is; a list replaces it.
    """
    relations = dict(relations or {})
    parts = {what: relations.pop(what) for what in PART_ROWS if what in relations}
    if audience is not None:
        parts["audience"] = audience
    if sponsors is not None:
        parts["sponsors"] = sponsors
    changes = public or PublicChanges()
    stored = _stored(instance)
    changes.watch(instance)  # what shows the record as it stands
    is_new = stored is None
    if is_new:
        _check_slug_free(instance)
    if not is_new and stored.status != DRAFT:
        check_publish_right(by, instance, "Changing a published or retracted record")
    note = correction_note_of(stored, by, note)
    for name, value in fields.items():
        setattr(instance, name, value)
    if not is_new and instance.slug != stored.slug:
        _rename(instance, stored, by, changes)
    # A new record starts as a draft; only the loader creates records already published.
    status_before = stored.status if not is_new else (None if by is LOADER else DRAFT)
    if status_before is not None and instance.status != status_before:
        check_publish_right(by, instance, "Publishing or retracting")
        _check_status_change(status_before, instance.status, instance.retraction_reason)
    if isinstance(instance, Source):
        _source_text_fixed(instance, stored)
    if record_save(instance, stored):
        changes.stamped(instance)
    changes.noted(instance, note)
    for name, values in relations.items():
        getattr(instance, name).set(values)
    if participants is not None:
        participations_replace(instance, participants)
    for what, given in parts.items():  # actors alone are named parts
        parts_replace(instance, what, [PartInput.of(part) for part in given])
    if votes is not None:
        votes_replace(instance, votes)
    if citations is not None:
        citations_replace(instance, citations)
    elif is_new and citing_field(instance):
        raise ValidationError({"citations": NEEDS_A_CITATION})
    if getattr(instance, "kind", None) == StatementKind.QUOTE:
        statement_check_quote(instance)
    if isinstance(instance, Statement):
        statement_check_reading(instance)
    if citing_field(instance) and isinstance(instance, DatedInterval):
        _check_dated_by_sources(instance)
    if isinstance(instance, Source) and stored is not None:
        _check_sources_still_date(instance)  # a source dated anew: what it reports, too
    if instance.status == PUBLISHED:
        _check_published_references(instance)
    if type(instance) in PARTS and (
        participants is not None or parts or votes is not None or citations is not None
    ):
        parts_check_evidence(instance)
    changes.watch(instance)  # and as it stands now
    if public is None:
        changes.settle()
    return instance


def correction_note_of(stored: models.Model | None, by, note: str) -> str:
    """The note of a change, stripped; required of a person changing a published record
    (the record as stored), never of the seed loader, of a draft or of a new record.
    Publishing a draft needs none; a retraction gives its reason instead."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"correction_note": f"At most {MAX_NOTE} characters."})
    if not note and stored is not None and stored.status == PUBLISHED and by is not LOADER:
        raise ValidationError({"correction_note": NEEDS_A_NOTE})
    return note


def _check_slug_free(instance: models.Model, *, orphans: bool = False) -> None:
    """No other record of its kind has the slug, or had it before a rename: an old link
    never leads to another record, even once the renamed record is deleted. (The loader,
    ``orphans``, may give a record again a slug whose record is gone.)"""
    model = type(instance)
    if model._default_manager.filter(slug=instance.slug).exclude(pk=instance.pk).exists():
        raise SlugTaken(instance)
    former = (
        FormerSlug.objects.filter(resource=resource_of(model), slug=instance.slug)
        .exclude(object_id=instance.pk)
        .values_list("object_id", flat=True)
        .first()
    )
    if former is None:
        return
    owner = model._default_manager.filter(pk=former).values_list("slug", "status").first()
    if owner is None and orphans:
        return
    # A draft's new slug is named to no one who might not see it.
    shown = owner[0] if owner and owner[1] != DRAFT else None
    raise SlugTaken(instance, renamed_to=shown)


def _rename(instance: models.Model, stored: models.Model, by, changes: PublicChanges) -> None:
    """Give a record a new slug: the old one is kept as a ``FormerSlug``, which redirects
    to it (for the public too when the public saw the record under it). A retracted record
    keeps the slug it was retracted under."""
    check_publish_right(by, instance, "Renaming a record")
    if stored.status == RETRACTED:
        raise ValidationError(
            {"slug": f"A retracted record keeps the slug it was retracted under, {stored.slug}."}
        )
    _check_slug_free(instance)
    resource = resource_of(type(instance))
    formers = FormerSlug.objects.filter(resource=resource)
    formers.filter(slug=instance.slug, object_id=instance.pk).delete()  # renamed back
    seen = Change.objects.filter(resource=resource, object_id=instance.pk, slug=stored.slug)
    formers.update_or_create(
        resource=resource,
        slug=stored.slug,
        defaults={"object_id": instance.pk, "public": seen.exists(), "renamed_at": timezone.now()},
    )
    changes.renamed(stored.slug, instance.slug)


@transaction.atomic
def record_keep_former_slugs(instance: models.Model, slugs: Sequence[str]) -> None:
    """Slugs ``instance`` had before it was stored here (a fixture's ``former_slugs``):
    they redirect to it as a rename's do, for the public too when it is public."""
    resource, model = resource_of(type(instance)), type(instance)
    kept = set(
        FormerSlug.objects.filter(resource=resource, object_id=instance.pk).values_list(
            "slug", flat=True
        )
    )
    for slug in slugs:
        if slug in kept:
            continue
        former = model(pk=instance.pk, slug=slug)
        _check_slug_free(former, orphans=True)  # a former slug of a record gone is taken over
        FormerSlug.objects.update_or_create(
            resource=resource,
            slug=slug,
            defaults={
                "object_id": instance.pk,
                "public": instance.status != DRAFT,
                "renamed_at": timezone.now(),
            },
        )


def _stored(instance: models.Model):
    """The record as it stands in the database, locked until the transaction ends; None if new.

    The lock makes concurrent writes of one record take turns, so that each checks
    the status the other left (a curator's edit cannot undo a publication).
    """
    if instance.pk is None:
        return None
    return type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()


def _source_text_fixed(source: Source, stored: Source | None) -> None:
    """Citations index into a source's text, so a cited text never changes; the digest follows.

    The text is kept as given, its line breaks as LF (``with_line_feeds``), on every path in.
    """
    source.text = with_line_feeds(source.text)
    if stored is not None and stored.text != source.text:
        cited = Citation.objects.filter(source=source)
        if cited.exists():
            raise ValidationError(
                {
                    "text": "The text of a cited source cannot change: the citations of "
                    f"{describe_records(record_owners(cited))} index into it. "
                    "Add the new text as another source."
                }
            )
    source.sha256 = hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def statement_check_quote(statement) -> None:
    """A quote's words must stand verbatim between quotation marks in a cited excerpt."""
    try:
        check_quote(statement.text, [c.excerpt for c in statement.citations.all()])
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from None


def statement_check_reading(statement) -> None:
    """An outlet's reading stands verbatim in a cited excerpt, and is credited to that
    source; without a reading, no source is credited."""
    reading = statement.outlet_reading.strip()
    source_id = None
    if reading:
        holding = [c for c in statement.citations.all() if reading in c.excerpt]
        if not holding:
            raise ValidationError(
                {
                    "outlet_reading": "Copy the outlet's reading exactly as a cited excerpt "
                    "has it: it is credited to that source, not to the speaker."
                }
            )
        source_id = min(holding, key=lambda c: (c.source_id, c.start)).source_id
    if statement.outlet_reading_source_id != source_id:
        statement.outlet_reading_source_id = source_id
        statement.save(update_fields=["outlet_reading_source"])


@transaction.atomic
def citations_replace(record: models.Model, citations: Sequence[CitationInput]) -> list[Citation]:
    """Make ``citations`` the record's only citations. A record needs at least one, and one
    that supports it: a context citation frames a fact and establishes nothing alone."""
    if not citations:
        raise ValidationError({"citations": NEEDS_A_CITATION})
    if all(cited.role == CitationRole.CONTEXT for cited in citations):
        raise ValidationError(
            {"citations": "A record needs a citation that supports it, not context alone."}
        )
    built = []
    for index, cited in enumerate(citations):
        try:
            built.append(citation_build(record, cited))
        except ValidationError as error:
            field = "attribution" if error.code.startswith("attribution_") else "excerpt"
            raise ValidationError({f"citations.{index}.{field}": error.messages}) from None
    record.citations.all().delete()
    return bulk_create_with_history(built, Citation)


@transaction.atomic
def record_set_status(
    instance: models.Model,
    status: str,
    reason: str = "",
    *,
    by,
    public: PublicChanges | None = None,
    publish_needed: bool = False,
) -> models.Model:
    """Publish, retract (a published record, with a reason) or keep as draft.

    Needs the publish right. A published record shows published records only (its
    sources, speaker, audience, participants, sponsors, voters, credited actors): with
    ``publish_needed`` the drafts among them are published in the same change, all or
    nothing; otherwise it is refused naming them. A record that published records show
    stays published.
    """
    check_publish_right(by, instance, "Publishing or retracting")
    changes = public or PublicChanges()
    if _stored(instance) is not None:
        instance.refresh_from_db()  # the status and fields as committed, now locked
    changes.watch(instance)
    _check_status_change(instance.status, status, reason)
    if status == RETRACTED:
        _check_retracted_as_seen(instance)
    instance.status = status
    instance.retraction_reason = reason.strip() if status == RETRACTED else ""
    if status == PUBLISHED:
        _check_published_references(instance, by=by, publish=publish_needed, public=changes)
    else:
        _check_no_published_dependants(instance)
    if record_save(instance):
        changes.stamped(instance)
    changes.watch(instance)
    if public is None:
        changes.settle()
    return instance


def _check_retracted_as_seen(instance: models.Model) -> None:
    """A record is retracted under the slug the public saw it under: a rename and a
    retraction are two changes, so that the feed tells each."""
    seen = (
        Change.objects.filter(resource=resource_of(type(instance)), object_id=instance.pk)
        .order_by("-id")
        .values_list("slug", flat=True)
        .first()
    )
    if seen is not None and seen != instance.slug:
        raise ValidationError(
            {
                "slug": f"The public knows this record as {seen}: retract it under that slug, "
                "or rename it first, in a change of its own."
            }
        )


def _check_status_change(current: str, status: str, reason: str) -> None:
    if status == RETRACTED:
        if current != PUBLISHED:
            raise ValidationError({"status": "Only a published record can be retracted."})
        if not reason.strip():
            raise ValidationError({"retraction_reason": "Say why the record is retracted."})
    elif status == DRAFT and current != DRAFT:
        raise ValidationError(
            {"status": "A published record goes back by retraction, with a reason."}
        )


def _check_sources_still_date(source: Source) -> None:
    """A source's new publication dates are refused when a record it reports as held would
    then start after its last source was out."""
    for record in record_owners(Citation.objects.filter(source=source)):
        if not isinstance(record, DatedInterval):
            continue
        try:
            _check_dated_by_sources(record)
        except ValidationError as refusal:
            reasons = " ".join(" ".join(m) for m in refusal.message_dict.values())
            raise ValidationError(
                {"date_end": f"{describe_records([record])}: {reasons}"}
            ) from None


def _check_dated_by_sources(record) -> None:
    """What happened (not what is planned) happened by the time its latest source was out."""
    if record.date_start is None or getattr(record, "occurrence", None) == Occurrence.PLANNED:
        return
    if isinstance(record, Position):  # a post's dates are its own, not a reported event's
        return
    latest = max(
        (day for day in record.citations.values_list("source__date_end", flat=True) if day),
        default=None,
    )
    if latest is not None and record.date_start > latest:
        raise ValidationError(
            {
                "date_start": f"The record starts after {latest.isoformat()}, the last day its "
                "sources may have been published; an event they report happened by then "
                "(a planned meeting is recorded as planned)."
            }
        )


def shown_records(record: models.Model) -> dict[str, list[models.Model]]:
    """The records that ``record`` shows, by the field naming them: its cited sources and
    credited actors, a statement's speaker and audience, a meeting's participants, a
    resolution's sponsors and voters, the party claiming it. A published record needs
    each of them published, or the public would see it with someone missing."""
    shown: dict[str, list[models.Model]] = {}
    if citing_field(record):
        citations = record.citations.all()
        shown["citations"] = [
            *Source.objects.filter(pk__in=citations.values("source_id")),
            *Actor.objects.filter(pk__in=citations.values("attributed_to_id")),
        ]
    if isinstance(record, Statement):
        shown["speaker"] = list(Actor.objects.filter(pk=record.speaker_id))
        shown["audience"] = list(record.audience.all())
    if isinstance(record, Meeting):
        shown["participants"] = list(
            Actor.objects.filter(participations__meeting=record).distinct()
        )
    if isinstance(record, Resolution):
        shown["sponsors"] = list(record.sponsors.all())
        shown["votes"] = list(Actor.objects.filter(votes__resolution=record).distinct())
    if getattr(record, "claimed_by_id", None) is not None:
        shown["claimed_by"] = [record.claimed_by]
    return shown


def showing_records(record: models.Model) -> list[models.Model]:
    """The records that show ``record`` (the reverse of ``shown_records``)."""
    if isinstance(record, Source):
        return record_owners(Citation.objects.filter(source=record))
    if isinstance(record, Actor):
        return _distinct(
            [
                *Statement.objects.filter(speaker=record),
                *Statement.objects.filter(audience=record),
                *record_owners(Citation.objects.filter(attributed_to=record)),
                *Meeting.objects.filter(participations__actor=record),
                *Resolution.objects.filter(sponsors=record),
                *Resolution.objects.filter(votes__actor=record),
                *(
                    claimed
                    for model in (Meeting, Statement, Resolution, ReportedFigure)
                    for claimed in model.objects.filter(claimed_by=record)
                ),
            ]
        )
    return []


def _check_published_references(
    record: models.Model, *, by=LOADER, publish=False, public: PublicChanges | None = None
) -> None:
    """A published record shows published records only (``shown_records``): with ``publish``,
    the drafts among them are published with it (each needing the publish right); otherwise,
    or for a retracted one, it is refused naming them.

    What it shows is locked, so that a concurrent retraction of one of them waits for this
    transaction and then sees the record published.
    """
    problems = {}
    for field, records in shown_records(record).items():
        locked = [
            type(item)._default_manager.select_for_update().get(pk=item.pk) for item in records
        ]
        if publish:
            for item in locked:
                if item.status == DRAFT:
                    record_set_status(item, PUBLISHED, by=by, public=public, publish_needed=True)
        missing = [item for item in locked if item.status != PUBLISHED]
        if missing:
            problems[field] = (
                f"A published {record._meta.verbose_name} shows only published records; not "
                f"published: {describe_records(missing)}. Publish them first, or publish "
                "this record with the drafts it shows."
            )
    if problems:
        raise ValidationError(problems)


def _check_no_published_dependants(record: models.Model) -> None:
    """A record that published records show (a cited source, a participant) stays published."""
    published = [item for item in showing_records(record) if item.status == PUBLISHED]
    if published:
        raise ValidationError(
            {
                "status": "Published records rely on this one: "
                f"{describe_records(published)}; retract or change them first."
            }
        )


@transaction.atomic
def record_delete(record: models.Model, *, by) -> None:
    """Delete a record that nothing else refers to; a public one needs the publish right.

    A delete never changes another record silently (a sponsor dropped from a
    resolution, a statement's meeting emptied): it is refused, naming the records.
    """
    if record.status != DRAFT:
        check_publish_right(by, record, "Deleting a published or retracted record")
    referrers = referring_records(record)
    if referrers:
        raise RecordInUse(record, referrers)
    changes = PublicChanges()
    changes.watch(record)  # the record and what shows it, found before it is gone
    record.delete()  # its former slugs stay taken: their old links lead nowhere now
    changes.settle()


# The curated record that each dependent row belongs to (its inline in the admin).
OWNERS = {
    Participation: ("meeting",),
    Addressee: ("statement",),
    Sponsorship: ("resolution",),
    Vote: ("resolution",),
    Citation: CITING_FIELDS,
}


def _owner(row: models.Model) -> models.Model:
    for name in OWNERS.get(type(row), ()):
        owner = getattr(row, name)
        if owner is not None:
            return owner
    return row


def record_owners(rows: Iterable[models.Model]) -> list[models.Model]:
    """The curated records that ``rows`` (participants, votes, citations, records) belong to."""
    return _distinct(_owner(row) for row in rows)


def _distinct(records: Iterable[models.Model]) -> list[models.Model]:
    unique = {(type(item).__name__, item.pk): item for item in records}
    return sorted(unique.values(), key=lambda item: (type(item).__name__, _name(item)))


def _name(record: models.Model) -> str:
    return getattr(record, "slug", None) or str(record.pk)


def referring_records(record: models.Model) -> list[models.Model]:
    """Other records that point at ``record``, directly or through the rows they own."""
    found = []
    for relation in record._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        if name in OWNERS.get(model, ()):
            continue  # the record's own participants, votes or citations go with it
        rows = model._default_manager.filter(**{name: record})
        found += record_owners(rows)
    return [item for item in _distinct(found) if item != record]


def describe_records(records: Iterable[models.Model], limit: int = 10) -> str:
    """Records named by kind and slug, for messages: ``meeting wang-yi-meets-x``."""
    names = [f"{item._meta.verbose_name} {_name(item)}" for item in records]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


@transaction.atomic
def participations_replace(meeting: Meeting, participants: Sequence[ParticipantInput]) -> None:
    rows = [
        Participation(
            meeting=meeting,
            actor=p.actor,
            role=p.role,
            title=p.title or None,
            identification=p.identification,
            identification_note=p.identification_note,
            attestation=p.attestation or meeting.attestation,
            attestation_note=p.attestation_note,
        )
        for p in participants
    ]
    _refuse_repeats("participants", [row.actor.slug for row in rows])
    _clean_rows("participants", rows, exclude=["meeting"])
    meeting.participations.all().delete()
    bulk_create_with_history(rows, Participation)


# Each record's parts resting on its words: the rows, and the field the write names them by.
PARTS = {
    Meeting: [("participations", "participants")],
    Statement: [("addressees", "audience")],
    Resolution: [("sponsorships", "sponsors"), ("votes", "votes")],
}


def parts_check_evidence(record: models.Model) -> None:
    """Each part (a participant, a member of the audience) rests on words: a named one on a
    supporting citation of the record whose excerpt names them (by name or alias), which
    becomes their evidence; an inferred one on a note giving the evidence. A claimed part in
    a record not claimed as a whole (an attendee only a press release names) says on whose
    word it rests."""
    kind = record._meta.verbose_name
    citations = list(
        record.citations.filter(role=CitationRole.SUPPORT).order_by(
            "source__date_start", "source_id", "start", "id"
        )
    )
    problems = {}
    for rows_name, what in PARTS[type(record)]:
        rows = getattr(record, rows_name).select_related("actor").order_by("id")
        problems |= _parts_problems(record, kind, citations, rows, what)
    if problems:
        raise ValidationError(problems)


def _parts_problems(record, kind: str, citations: list, rows, what: str) -> dict:
    problems = {}
    for index, row in enumerate(rows):
        actor = row.actor
        evidence = None
        if row.identification == Identification.NAMED:
            wordings = [actor.name, *(actor.aliases or [])]
            evidence = next((c for c in citations if excerpt_names(c.excerpt, wordings)), None)
            if evidence is None:
                problems[f"{what}.{index}.identification"] = (
                    f"{actor.slug} is named only when a supporting excerpt of the {kind} "
                    f"names them (as {' or '.join(repr(w) for w in wordings)}); none does. "
                    "Cite the words that name them, or mark them inferred with the evidence "
                    "in the note."
                )
        elif not row.identification_note.strip():
            problems[f"{what}.{index}.identification_note"] = (
                f"{actor.slug} is inferred: say which words name them and why it is the same actor."
            )
        if (
            row.attestation == Attestation.CLAIMED
            and record.attestation != Attestation.CLAIMED
            and not row.attestation_note.strip()
        ):
            problems[f"{what}.{index}.attestation_note"] = (
                f"{actor.slug}'s part is claimed, the {kind} {record.attestation}: say on "
                "whose word their part rests."
            )
        if row.evidence_id != (evidence.pk if evidence else None):
            row.evidence = evidence
            row.save(update_fields=["evidence"])
    return problems


def _part_fields(part, record) -> dict:
    """The columns of an actor's part, attested as ``record`` unless the input says."""
    return {
        "actor": part.actor,
        "identification": part.identification,
        "identification_note": part.identification_note,
        "attestation": part.attestation or record.attestation,
        "attestation_note": part.attestation_note,
    }


# The many-to-many relations held as rows of their own: the model of their rows, and
# the field of those rows pointing at the record.
PART_ROWS = {"audience": (Addressee, "statement"), "sponsors": (Sponsorship, "resolution")}


@transaction.atomic
def parts_replace(record: models.Model, what: str, parts: Sequence[PartInput]) -> None:
    """Make ``parts`` the record's audience or sponsors."""
    model, parent = PART_ROWS[what]
    rows = [model(**{parent: record}, **_part_fields(part, record)) for part in parts]
    _refuse_repeats(what, [row.actor.slug for row in rows])
    _clean_rows(what, rows, exclude=[parent])
    model.objects.filter(**{parent: record}).delete()
    model.objects.bulk_create(rows)
    # The record's history keeps these (a many-to-many it tracks): one entry for the new
    # list, as its related manager would have made.
    m2m_changed.send(
        sender=model,
        instance=record,
        action="post_add",
        reverse=False,
        model=Actor,
        pk_set={row.actor_id for row in rows},
        using=record._state.db,
    )


@transaction.atomic
def votes_replace(resolution: Resolution, votes: Sequence[VoteInput]) -> None:
    rows = [
        Vote(resolution=resolution, position=v.position, **_part_fields(v, resolution))
        for v in votes
    ]
    _refuse_repeats("votes", [row.actor.slug for row in rows])
    _clean_rows("votes", rows, exclude=["resolution"])
    resolution.votes.all().delete()
    bulk_create_with_history(rows, Vote)


def _refuse_repeats(what: str, slugs: list[str]) -> None:
    repeated = sorted(slug for slug, count in Counter(slugs).items() if count > 1)
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
