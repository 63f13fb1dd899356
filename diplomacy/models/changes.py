from django.db import models

from diplomacy.choices import ChangeAction
from diplomacy.models.base import choice_constraint


class Change(models.Model):
    """One change to the public record, in commit order (``id``): the change feed.

    Only what the public sees is logged: a draft's edits leave no entry, and a
    record leaving public view leaves a tombstone (its resource, slug, time and
    reason) that outlives the record itself (``diplomacy.changes``). The position
    of the feed's last entry is the public record's version: the page cache keys on it.
    """

    id = models.BigAutoField(primary_key=True)
    resource = models.CharField(max_length=16, help_text="The API's name: meetings, actors …")
    object_id = models.BigIntegerField(help_text="The record's key, which a slug change keeps.")
    slug = models.CharField(max_length=120)
    former_slug = models.CharField(
        max_length=120, blank=True, help_text="A rename's slug before it; empty otherwise."
    )
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of what the public saw of the record after this change (created, "
        "updated); empty otherwise.",
    )
    shows = models.JSONField(
        default=list,
        blank=True,
        help_text="The rows the record nested then (participants, citations, topics...), "
        "each named by its list and what identifies it.",
    )
    removes = models.BooleanField(
        default=False,
        help_text="Something the public saw left its view: the record itself (retracted, "
        "withdrawn) or a row it nested. Snapshots written before it are withdrawn.",
    )
    field_digests = models.JSONField(
        null=True,
        blank=True,
        help_text="A short SHA-256 of each top-level field the public saw after this change "
        "(created, updated, renamed), by name: which fields the next change changed. Null "
        "otherwise.",
    )
    fields = models.JSONField(
        null=True,
        blank=True,
        help_text="The top-level fields of what the public sees that changed (updated, "
        "renamed), in the record's order; null for other actions, or when unknown (the "
        "entry before it kept no field digests).",
    )
    note = models.TextField(
        blank=True,
        help_text="The editor's correction note: what was corrected and why (updated, "
        "renamed); empty when the record changed only through what it shows, or was "
        "written by the seed loader.",
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["resource", "object_id", "id"], name="change_by_record"),
            models.Index(fields=["at", "id"], name="change_by_time"),
            # The last entry that removed something: which snapshots may still be served.
            models.Index(fields=["removes", "id"], name="change_by_removal"),
        ]
        constraints = [choice_constraint("action", ChangeAction, "diplomacy_change_action_valid")]

    def __str__(self) -> str:
        return f"{self.id} {self.action} {self.resource}/{self.slug}"


class FormerSlug(models.Model):
    """A slug a record had before a rename: its address redirects to the record's slug now.

    ``public`` when the record was public under it (the change feed showed that slug): only
    then does an anonymous reader's request follow it, so that renaming a draft leaves no
    public trace. A former slug is never given to another record of the same resource: an
    old link never leads to a different record.
    """

    resource = models.CharField(max_length=16, help_text="The API's name: meetings, actors …")
    slug = models.CharField(max_length=120)
    object_id = models.BigIntegerField(help_text="The renamed record's key.")
    public = models.BooleanField(default=False)
    renamed_at = models.DateTimeField()

    class Meta:
        ordering = ["resource", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "slug"], name="former_slug_unique"),
        ]
        indexes = [models.Index(fields=["resource", "object_id"], name="former_slug_by_record")]

    def __str__(self) -> str:
        return f"{self.resource}/{self.slug} -> {self.object_id}"
