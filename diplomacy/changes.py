"""The change feed: every change to the public record, logged in commit order.

A record's entry says what the public sees change, never what it does not:

- published, and not public before: ``created``;
- published, and what the public sees of it changed: ``updated``;
- retracted while public: ``retracted``, with the reason;
- back to draft or deleted while public: ``withdrawn``, a tombstone;
- given a new slug while public: ``renamed``, with its former slug (which redirects).

An ``updated`` or ``renamed`` entry names the top-level ``fields`` of the projection that
changed (each ``created``, ``updated`` or ``renamed`` entry keeps a short digest of each
field, ``field_digests``, to compare the next with), and carries the editor's correction
``note`` when the record was written directly by a person (``diplomacy.services`` requires
one of a change to a published record); a record changed only through what it shows (an
actor's new name on a meeting) lists its fields with no note. ``public_history`` reads a
record's entries: its public corrections log.

What the public sees of a record is its projection (``diplomacy/shapes.py``), as an
anonymous reader would get it, less ``updated_at`` and the counts of other records.
Each ``created`` or ``updated`` entry keeps a digest of that projection, and the rows it
nests (participants, citations, votes, topics, posts); a record changed when its
projection's digest differs from its last entry's, and an entry ``removes`` when a row
it showed, or the record itself, left public view (the snapshots holding it are then
withdrawn). Whether a record was public is read from its own last entry, so the log
needs no other state and mends itself. A draft's edits, a draft linked to public records
and a change no projection shows (an actor's alias, shown on the actor alone, changes
no meeting) leave no entry and no new ``updated_at``.

A write names what it touches, explicitly: ``diplomacy.services`` passes a
``PublicChanges`` along, which finds the records showing each row touched (declared by
the shapes as ``Embedding``s), before and after, and ``settle`` logs them when the write
ends, in its transaction, under a lock held until it commits (PostgreSQL's advisory
lock; SQLite writes one transaction at a time), so entry ids increase in commit order
and a reader paging by id never skips one that commits later. The page cache keys on
the feed's position (``position``): only what the public sees moves it.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple

import orjson
from django.db import connections, models, transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, Value, When
from django.utils import timezone

from diplomacy.choices import ChangeAction, PublicationStatus
from diplomacy.models import Change
from diplomacy.models.base import CuratedModel
from diplomacy.projection import (
    Context,
    Count,
    Embedding,
    Nested,
    Shape,
    embeddings,
    read_rows,
)
from diplomacy.shapes import PAGE_FIELD
from diplomacy.shapes import RESOURCES as SHAPES
from diplomacy.visibility import PUBLIC

PRIMARY = "default"
# The resources of the public record, under the names the API gives them.
RESOURCES: dict[type[models.Model], str] = {shape.model: name for name, shape in SHAPES.items()}
SHAPE_OF: dict[type[models.Model], Shape] = {shape.model: shape for shape in SHAPES.values()}
# Any fixed number: the advisory lock's key, which only the change feed takes.
FEED_LOCK = 0x6665_6564
PUBLIC_ACTIONS = (ChangeAction.CREATED, ChangeAction.UPDATED, ChangeAction.RENAMED)
# The entries that correct a record the public sees: they list the fields and carry a note.
CORRECTIONS = (ChangeAction.UPDATED, ChangeAction.RENAMED)
# Hex digits kept of each field's SHA-256: enough to tell a change, small to store.
FIELD_DIGEST_LENGTH = 16
# Projections are read this many records at a time.
BATCH = 500
# The public's view, rendered with addresses relative to the API's root.
CONTEXT = Context(visibility=PUBLIC, zone=datetime.UTC, root="")


def resource_of(model: type[models.Model]) -> str:
    """The name a model's records go by in the change log and their former slugs."""
    return RESOURCES.get(model) or model._meta.verbose_name_plural.replace(" ", "-")


def _embeddings() -> dict[type[models.Model], list[Embedding]]:
    """Which resources show each model's rows: the record itself aside."""
    found: dict[type[models.Model], list[Embedding]] = defaultdict(list)
    for shape in SHAPES.values():
        for embedding in set(embeddings(shape)):
            if embedding.owner is embedding.root and not embedding.lookup:
                continue
            found[embedding.model].append(embedding)
            if embedding.owner is not embedding.model:
                found[embedding.owner].append(embedding)
    return found


EMBEDDINGS = _embeddings()


def position(using: str = PRIMARY) -> int:
    """The change feed's last entry: what the public sees is the same while it is."""
    return Change.objects.using(using).aggregate(last=Max("id"))["last"] or 0


class PublicChanges:
    """The records one write may change in public, settled when the write ends.

    ``watch`` a row before it is written or deleted, and again after: the records
    showing it then, and now, are compared with what their last entries recorded.
    ``saved`` records were given a new ``updated_at`` by their own write; ``notes`` are
    the correction notes of the records written directly, given to their entries.
    """

    def __init__(self, using: str = PRIMARY):
        self.using = using
        self.candidates: dict[type[models.Model], set[int]] = defaultdict(set)
        self.saved: set[tuple[type[models.Model], int]] = set()
        self.renames: list[tuple[str, str]] = []
        self.notes: dict[tuple[type[models.Model], int], str] = {}

    def watch(self, row: models.Model) -> None:
        """The record ``row`` is, or the records showing it, as they stand."""
        model = type(row)
        if row.pk is None:
            return
        if model in RESOURCES:
            self.candidates[model].add(row.pk)
        for root, keys in self.showing(row):
            # the feed lists a change's records in the order they were first touched
            self.candidates[root].update(keys)

    def showing(self, row: models.Model) -> list[tuple[type[models.Model], list[int]]]:
        """The records showing ``row`` as it stands, by resource (the record itself aside)."""
        model, found = type(row), []
        for embedding in EMBEDDINGS.get(model, ()):
            keys = (
                embedding.roots_of(row, self.using)
                if embedding.model is model
                else [row.serializable_value(embedding.root_field)]
            )
            keys = [key for key in keys if key is not None]
            if keys:
                found.append((embedding.root, keys))
        return found

    def watch_rows(self, model: type[models.Model], rows) -> None:
        for row in rows:
            self.watch(row)

    def renamed(self, former: str, slug: str) -> None:
        """A record's slug changed: the records showing it show the same rows, renamed."""
        self.renames.append((former, slug))

    def stamped(self, record: models.Model) -> None:
        """``record`` got a new ``updated_at`` from its own write."""
        self.saved.add((type(record), record.pk))

    def noted(self, record: models.Model, note: str) -> None:
        """``record`` was written with this correction note: its ``updated`` or ``renamed``
        entry carries it, not the entries of the records showing it. A record with no entries
        of its own (a post, which its holder shows) gives it to the records showing it."""
        if not note or record.pk is None:
            return
        if type(record) in RESOURCES:
            self.notes[type(record), record.pk] = note
            return
        for root, keys in self.showing(record):
            for key in keys:
                self.notes[root, key] = note

    def settle(self) -> list[Change]:
        """Log an entry for each record whose public state changed, and give those changed
        through what they show a new ``updated_at``; return the entries."""
        if not any(self.candidates.values()):
            return []
        with transaction.atomic(using=self.using):
            _lock(self.using)
            at = timezone.now()
            entries = []
            for model, keys in self.candidates.items():
                for chunk in _chunks(sorted(keys), BATCH):
                    entries += self.entries(model, chunk, at)
            Change.objects.using(self.using).bulk_create(entries)
        return entries

    def entries(self, model: type[models.Model], keys: list[int], at) -> list[Change]:
        resource, shape = RESOURCES[model], SHAPE_OF[model]
        rows = model._default_manager.using(self.using).filter(pk__in=keys)
        current = {
            row["pk"]: row for row in rows.values("pk", "slug", "status", "retraction_reason")
        }
        seen = projections(shape, keys, self.using)
        last = last_entries(resource, keys, self.using)
        entries, restamp = [], []
        for key in keys:
            found = transition(last.get(key), current.get(key), seen.get(key), self.renames)
            for step in found:
                former = last[key].slug if step.action == ChangeAction.RENAMED else ""
                note = self.notes.get((model, key), "") if step.action in CORRECTIONS else ""
                entries.append(
                    Change(
                        resource=resource,
                        object_id=key,
                        slug=step.slug,
                        former_slug=former,
                        action=step.action,
                        at=at,
                        reason=step.reason,
                        digest=step.digest,
                        shows=step.shows,
                        removes=step.removes,
                        field_digests=step.field_digests,
                        fields=step.fields,
                        note=note,
                    )
                )
                if step.action in PUBLIC_ACTIONS and (model, key) not in self.saved:
                    restamp.append(key)
        if restamp:
            _restamp(model, restamp, at, self.using)
        return entries


def _chunks(keys: list[int], size: int):
    iterator = iter(keys)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Seen(NamedTuple):
    """What the public sees of a record: a digest of its projection, the rows it nests,
    and a short digest of each of its top-level fields."""

    digest: str
    shows: list[str]
    field_digests: dict[str, str]


def projections(shape: Shape, keys: list[int], using: str) -> dict[int, Seen]:
    """What the public sees of the published records with these keys (``Seen``)."""
    # Left out: the time of the change itself, the counts of other records, and the page's
    # address (added later to every record: the content the public saw is the same).
    left_out = {"updated_at", PAGE_FIELD} | {
        field.name for field in shape.fields if isinstance(field, Count)
    }
    nested = [field for field in shape.shown(detail=True) if isinstance(field, Nested)]
    found = {}
    for row in read_rows(shape, keys, CONTEXT, using, detail=True):
        record = shape.render(row, CONTEXT, detail=True)
        shown = {name: value for name, value in record.items() if name not in left_out}
        digest = hashlib.sha256(orjson.dumps(shown, option=orjson.OPT_SORT_KEYS)).hexdigest()
        found[row["id"]] = Seen(digest, shown_rows(record, nested), field_digests(shown))
    return found


def field_digests(shown: dict) -> dict[str, str]:
    """A short SHA-256 of each field the public sees, by name, in the record's order."""
    return {
        name: hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()[
            :FIELD_DIGEST_LENGTH
        ]
        for name, value in shown.items()
    }


def changed_fields(before: dict | None, after: dict[str, str]) -> list[str] | None:
    """The fields whose digests differ, in the record's order, then those it no longer
    shows; None when ``before`` is unknown (an entry written before fields were digested)."""
    if not before:
        return None
    changed = [name for name, digest in after.items() if before.get(name) != digest]
    return changed + [name for name in before if name not in after]


def shown_rows(record: dict, nested: list[Nested]) -> list[str]:
    """Each row a record nests, named by its list and what identifies it."""
    return sorted(
        f"{field.name} {item_key(field, item)}" for field in nested for item in record[field.name]
    )


def item_key(field: Nested, item) -> str:
    if not isinstance(item, dict):
        return str(item)  # a slug
    names = field.key or (next(iter(item)),)
    values = [item[name]["slug"] if isinstance(item[name], dict) else item[name] for name in names]
    return orjson.dumps(values).decode()


def _restamp(model: type[models.Model], keys: list[int], now, using: str) -> None:
    """A new ``updated_at`` for records changed through what they show; a record the seed
    loader left as it was stays so (a change to what it shows is not an editor's change
    to it)."""
    model._default_manager.using(using).filter(pk__in=keys).update(
        updated_at=now,
        seeded_at=Case(
            When(seeded_at=F("updated_at"), then=Value(now)),
            default=F("seeded_at"),
        ),
    )


def _lock(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])


def last_entries(resource: str, keys: list[int], using: str = PRIMARY) -> dict[int, Change]:
    latest = (
        Change.objects.using(using)
        .filter(resource=resource, object_id__in=keys)
        .values("object_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    entries = Change.objects.using(using).filter(id__in=latest)
    return {entry.object_id: entry for entry in entries}


class Step(NamedTuple):
    """One entry ``transition`` finds, before it is given its record and time."""

    action: str
    slug: str
    reason: str = ""
    digest: str = ""
    shows: Sequence[str] = ()
    removes: bool = False
    field_digests: dict[str, str] | None = None
    fields: list[str] | None = None


def transition(last: Change | None, row: dict | None, seen: Seen | None, renames=()) -> list[Step]:
    """The entries that take the feed from ``last`` to the record as it stands (``row``)
    and as the public sees it (``seen``).

    A row a record showed is not removed by a rename (``renames``, former and new slugs):
    it is shown under its new slug."""
    was_public = last is not None and last.action in PUBLIC_ACTIONS
    if row is not None and row["status"] == PublicationStatus.PUBLISHED and seen is not None:
        digest, shows, digests = seen
        if not was_public:
            return [Step(ChangeAction.CREATED, row["slug"], "", digest, shows, False, digests)]
        removes = bool(_renamed(last.shows or (), renames) - set(shows))
        fields = changed_fields(last.field_digests, digests)
        if last.slug != row["slug"]:
            action = ChangeAction.RENAMED
        elif last.digest == digest:
            return []
        else:
            action = ChangeAction.UPDATED
        return [Step(action, row["slug"], "", digest, shows, removes, digests, fields)]
    if not was_public:
        return []
    if row is None:
        return [Step(ChangeAction.WITHDRAWN, last.slug, "Deleted.", removes=True)]
    if row["status"] == PublicationStatus.RETRACTED:
        reason = row["retraction_reason"]
        return [Step(ChangeAction.RETRACTED, row["slug"], reason, removes=True)]
    reason = "No longer published: returned to draft."
    return [Step(ChangeAction.WITHDRAWN, last.slug, reason, removes=True)]


def _renamed(shows, renames) -> set[str]:
    """The rows named in ``shows`` under the slugs they have after ``renames``."""
    found = set(shows)
    for former, slug in renames:
        old, new = orjson.dumps(former).decode(), orjson.dumps(slug).decode()
        found = {item.replace(old, new) for item in found}
    return found


def log_published(model: type[models.Model], using: str = PRIMARY, batch_size=BATCH) -> int:
    """``created`` entries for published records the feed does not show yet (records
    written in bulk: generated scale data)."""
    resource, shape = RESOURCES[model], SHAPE_OF[model]
    logged = Change.objects.using(using).filter(resource=resource).values("object_id")
    missing = (
        model._default_manager.using(using)
        .filter(status=PublicationStatus.PUBLISHED)
        .exclude(pk__in=logged)
        .order_by("pk")
        .values_list("pk", "slug")
    )
    at, written = timezone.now(), 0
    for chunk in _chunks(list(missing), batch_size):
        seen = projections(shape, [key for key, _ in chunk], using)
        entries = [
            Change(
                resource=resource,
                object_id=key,
                slug=slug,
                action=ChangeAction.CREATED,
                at=at,
                digest=seen[key].digest,
                shows=seen[key].shows,
                field_digests=seen[key].field_digests,
            )
            for key, slug in chunk
            if key in seen
        ]
        written += len(Change.objects.using(using).bulk_create(entries))
    return written


def last_action() -> Subquery:
    """For a query of entries: the action of their record's last entry, which says whether
    it is public now (``PUBLIC_ACTIONS``) or retracted or withdrawn."""
    latest = Change.objects.filter(
        resource=OuterRef("resource"), object_id=OuterRef("object_id")
    ).order_by("-id")
    return Subquery(latest.values("action")[:1])


def public_history(model: type[models.Model], object_id: int, using: str = PRIMARY) -> list[Change]:
    """A record's public history, oldest first: when it entered the public record
    (``created``), each change made while it was public (``updated``, with the ``fields``
    that changed and the editor's ``note``), its renames (``renamed``, with the
    ``former_slug``), and its leaving (``retracted`` or ``withdrawn``, with the ``reason``).
    Edits made while it was a draft left nothing. One query.

    Of a record no longer public (its last entry ``retracted`` or ``withdrawn``), the
    entries keep their action, time, slugs and reason only: their fields and notes, which
    told of its content, are blanked (None and ""), in these unsaved copies (the change
    feed blanks them too, ``last_action``).
    """
    entries = list(
        Change.objects.using(using)
        .filter(resource=resource_of(model), object_id=object_id)
        .order_by("id")
    )
    if entries and entries[-1].action not in PUBLIC_ACTIONS:
        for entry in entries:
            entry.fields, entry.note = None, ""
    return entries


def is_curated(model: type[models.Model]) -> bool:
    return issubclass(model, CuratedModel)
