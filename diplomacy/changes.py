"""The change feed: every change to the public record, logged in commit order.

A record's entry says what the public sees change, never what it does not:

- published, and not public before: ``created``;
- published, and public before: ``updated``;
- retracted while public: ``retracted``, with the reason;
- back to draft or deleted while public: ``withdrawn``, a tombstone.

A draft's edits leave no entry. Whether a record was public is read from its own
last entry, so the log needs no other state and mends itself.

A record also changes when something it shows changes: an actor's new name changes
every meeting that lists the actor. Which records show which rows is declared by
the API's shapes (``api.apps`` registers it here as ``Embedding``s); such records
get a new ``updated_at`` and an entry too.

Entries are written in the writing transaction, under a lock held until it commits
(PostgreSQL's advisory lock; SQLite writes one transaction at a time), so entry ids
increase in commit order and a reader paging by id never skips one that commits
later. Writes through ``diplomacy.services`` are batched: a record, its
participants and citations written together make one entry, not one per row.
"""

import contextlib
import functools
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections, models, transaction
from django.db.models import Case, F, Max, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from diplomacy.choices import ChangeAction, PublicationStatus
from diplomacy.models import (
    Actor,
    Change,
    Meeting,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
    Topic,
)
from diplomacy.models.base import CuratedModel

PRIMARY = "default"
# The resources of the public record, under the names the API gives them.
RESOURCES: dict[type[models.Model], str] = {
    Actor: "actors",
    Meeting: "meetings",
    Statement: "statements",
    Resolution: "resolutions",
    ReportedFigure: "figures",
    Source: "sources",
    Topic: "topics",
}
# Any fixed number: the advisory lock's key, which only the change feed takes.
FEED_LOCK = 0x6665_6564
PUBLIC = (ChangeAction.CREATED, ChangeAction.UPDATED)


@dataclass(frozen=True)
class Embedding:
    """Records of ``root`` show rows of ``model``, reached from ``owner`` rows.

    ``lookup`` leads from an ``owner`` row to the ``model`` row ("" when the owner is
    the row itself); ``root_field`` leads from the owner row to the root record.
    """

    root: type[models.Model]
    model: type[models.Model]
    owner: type[models.Model]
    lookup: str
    root_field: str
    # The owner row shows only while this record is visible (a participation's actor).
    required: bool = False

    def roots_of(self, row: models.Model) -> list[int]:
        if not self.lookup:
            return [row.serializable_value(self.owner._meta.get_field(self.root_field).name)]
        linked = self.owner._default_manager.using(PRIMARY).filter(**{self.lookup: row.pk})
        return list(linked.values_list(self.root_field, flat=True).distinct())


EMBEDDINGS: dict[type[models.Model], list[Embedding]] = defaultdict(list)
THROUGH: dict[type[models.Model], list[Embedding]] = defaultdict(list)
# For rows that link a record to another (participations, citations): what they need
# to be visible, as (foreign key, curated model) pairs.
NEEDS: dict[type[models.Model], set[tuple[str, type[models.Model]]]] = defaultdict(set)


def register(embeddings) -> None:
    """Declare which rows each resource shows (called once, by ``api.apps``)."""
    for embedding in set(embeddings):
        if embedding.owner is embedding.root and not embedding.lookup:
            continue  # the record itself
        EMBEDDINGS[embedding.model].append(embedding)
        if embedding.owner._meta.auto_created:
            THROUGH[embedding.owner].append(embedding)
        if embedding.required and issubclass(embedding.model, CuratedModel):
            NEEDS[embedding.owner].add((embedding.lookup, embedding.model))


class Batch:
    """Records touched by one write, settled together at its end."""

    def __init__(self):
        self.touched: dict[type[models.Model], dict[int, bool]] = defaultdict(dict)

    def touch(self, model: type[models.Model], keys, *, saved: bool = False) -> None:
        touched = self.touched[model]
        for key in keys:
            if key is not None:
                touched[key] = touched.get(key, False) or saved


_local = threading.local()


def current_batch() -> Batch | None:
    return getattr(_local, "batch", None)


@contextlib.contextmanager
def batch():
    """One write's changes, logged as one entry per record when it ends.

    Nested batches join the outer one. On an error nothing is logged: the
    transaction the write runs in rolls back.
    """
    if current_batch() is not None:
        yield
        return
    _local.batch = Batch()
    try:
        yield
        touched = _local.batch.touched
    finally:
        _local.batch = None
    settle(touched)


def batched(function):
    @functools.wraps(function)
    def run(*args, **kwargs):
        with batch():
            return function(*args, **kwargs)

    return run


def touch(model: type[models.Model], keys, *, saved: bool = False) -> None:
    """``model`` records with these keys changed, or something they show did."""
    keys = [key for key in keys if key is not None]
    if not keys or model not in RESOURCES:
        return
    pending = current_batch()
    if pending is not None:
        pending.touch(model, keys, saved=saved)
        return
    alone = Batch()
    alone.touch(model, keys, saved=saved)
    settle(alone.touched)


def rows_changed(model: type[models.Model], rows) -> None:
    """Rows written without signals (bulk creates): the records showing them changed."""
    for row in rows:
        _propagate(model, row)


def _propagate(model: type[models.Model], row: models.Model) -> None:
    if model in RESOURCES:
        touch(model, [row.pk], saved=True)
    if not EMBEDDINGS.get(model) or not _seen_by_public(model, row):
        return
    for embedding in EMBEDDINGS[model]:
        touch(embedding.root, embedding.roots_of(row))


def _seen_by_public(model: type[models.Model], row: models.Model) -> bool:
    """Whether the public sees the row, or saw it: a curated row the public never saw
    (before or after the change), or a row linking a draft (a draft participant), changes
    nothing the public sees, and leaves no entry and no new ``updated_at``."""
    if issubclass(model, CuratedModel):
        before = getattr(row, "_status_before", None)
        return PublicationStatus.PUBLISHED in (row.status, before)
    for lookup, needed in NEEDS.get(model, ()):
        key = row.serializable_value(lookup)
        if key is not None and not _published(needed, [key]):
            return False
    return True


def _published(model: type[models.Model], keys) -> bool:
    """Whether any of these records is published."""
    rows = model._default_manager.using(PRIMARY).filter(pk__in=list(keys))
    return rows.filter(status=PublicationStatus.PUBLISHED).exists()


def settle(touched: dict[type[models.Model], dict[int, bool]]) -> None:
    """Give records changed through what they show a new ``updated_at``, then log an
    entry for each whose public state changed."""
    if not any(touched.values()):
        return
    with transaction.atomic(using=PRIMARY):
        now = timezone.now()
        for model, keys in touched.items():
            shown = [key for key, saved in keys.items() if not saved]
            if shown:
                _restamp(model, shown, now)
        _lock()
        at = timezone.now()
        entries = []
        for model, keys in touched.items():
            entries += _entries(model, list(keys), at)
        Change.objects.using(PRIMARY).bulk_create(entries)


def _restamp(model: type[models.Model], keys: list[int], now) -> None:
    """A new ``updated_at``; a record the seed loader left as it was stays so (a change
    to what it shows is not an editor's change to it)."""
    model._default_manager.using(PRIMARY).filter(pk__in=keys).update(
        updated_at=now,
        seeded_at=Case(
            When(seeded_at=F("updated_at"), then=Value(now)),
            default=F("seeded_at"),
        ),
    )


def _lock() -> None:
    connection = connections[PRIMARY]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])


def _entries(model: type[models.Model], keys: list[int], at) -> list[Change]:
    resource = RESOURCES[model]
    rows = model._default_manager.using(PRIMARY).filter(pk__in=keys)
    current = {row["pk"]: row for row in rows.values("pk", "slug", "status", "retraction_reason")}
    last = last_entries(resource, keys)
    entries = []
    for key in keys:
        for action, slug, reason in transition(last.get(key), current.get(key)):
            entries.append(
                Change(
                    resource=resource,
                    object_id=key,
                    slug=slug,
                    action=action,
                    at=at,
                    reason=reason,
                )
            )
    return entries


def last_entries(resource: str, keys: list[int]) -> dict[int, Change]:
    latest = (
        Change.objects.using(PRIMARY)
        .filter(resource=resource, object_id__in=keys)
        .values("object_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    entries = Change.objects.using(PRIMARY).filter(id__in=latest)
    return {entry.object_id: entry for entry in entries}


def transition(last: Change | None, row: dict | None) -> list[tuple[str, str, str]]:
    """The entries (action, slug, reason) that take the feed from ``last`` to ``row``."""
    was_public = last is not None and last.action in PUBLIC
    if row is not None and row["status"] == PublicationStatus.PUBLISHED:
        if not was_public:
            return [(ChangeAction.CREATED, row["slug"], "")]
        if last.slug != row["slug"]:
            return [
                (ChangeAction.WITHDRAWN, last.slug, f"Its slug changed to {row['slug']}."),
                (ChangeAction.CREATED, row["slug"], ""),
            ]
        return [(ChangeAction.UPDATED, row["slug"], "")]
    if not was_public:
        return []
    if row is None:
        return [(ChangeAction.WITHDRAWN, last.slug, "Deleted.")]
    if row["status"] == PublicationStatus.RETRACTED:
        return [(ChangeAction.RETRACTED, row["slug"], row["retraction_reason"])]
    return [(ChangeAction.WITHDRAWN, last.slug, "No longer published: returned to draft.")]


def log_published(model: type[models.Model], using: str = PRIMARY, batch_size=2000) -> int:
    """``created`` entries for published records the feed does not show yet (records
    written in bulk, without signals: generated scale data)."""
    resource = RESOURCES[model]
    logged = Change.objects.using(using).filter(resource=resource).values("object_id")
    missing = (
        model._default_manager.using(using)
        .filter(status=PublicationStatus.PUBLISHED)
        .exclude(pk__in=logged)
        .order_by("pk")
        .values_list("pk", "slug")
    )
    at, written, entries = timezone.now(), 0, []
    for key, slug in missing.iterator(chunk_size=batch_size):
        entries.append(Change(resource=resource, object_id=key, slug=slug, action="created", at=at))
        if len(entries) == batch_size:
            written += len(Change.objects.using(using).bulk_create(entries))
            entries = []
    return written + len(Change.objects.using(using).bulk_create(entries))


# Signals ---------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not issubclass(sender, CuratedModel) or instance.pk is None:
        return
    stored = sender._default_manager.using(PRIMARY).filter(pk=instance.pk)
    instance._status_before = stored.values_list("status", flat=True).first()


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        # Loaded as stored (loaddata), with its entries: nothing to log, nor for the
        # links set on it next.
        instance._loaded_raw = True
        return
    _propagate(sender, instance)


def _before_delete(sender, instance, **kwargs) -> None:
    if issubclass(sender, CuratedModel):
        instance._status_before = instance.status
    # The records showing a row are found before the row is gone.
    if EMBEDDINGS.get(sender) and _seen_by_public(sender, instance):
        instance._shown_in = [
            (embedding.root, embedding.roots_of(instance)) for embedding in EMBEDDINGS[sender]
        ]


def _deleted(sender, instance, **kwargs) -> None:
    if sender in RESOURCES:
        touch(sender, [instance.pk], saved=True)
    for root, keys in getattr(instance, "_shown_in", ()):
        touch(root, keys)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A record's topics, audience or sponsors set: it changed, or the records linked,
    unless what was linked or unlinked is a draft the public never sees."""
    if getattr(instance, "_loaded_raw", False):
        return
    for embedding in THROUGH.get(sender, ()):
        if isinstance(instance, embedding.root):
            if action in ("post_add", "post_remove") and not _shown(model, pk_set):
                continue
            if action.startswith("post_"):
                touch(embedding.root, [instance.pk])
        elif not _shown(type(instance), [instance.pk]):
            continue
        elif action == "pre_clear":
            touch(embedding.root, embedding.roots_of(instance))
        elif action in ("post_add", "post_remove"):
            touch(embedding.root, pk_set or ())


def _shown(model: type[models.Model], keys) -> bool:
    """Whether the public sees any of these records where they are linked."""
    return not issubclass(model, CuratedModel) or _published(model, keys or ())


def connect(app_config) -> None:
    for model in app_config.get_models(include_auto_created=True):
        if model is Change or model._meta.app_label != "diplomacy":
            continue
        uid = f"changes-{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(_links_changed, sender=model, dispatch_uid=f"{uid}-m2m")
