"""A record's public history (``diplomacy.changes.public_history``): its corrections log."""

from django.utils import timezone
from rest_framework import serializers

from diplomacy.choices import ChangeAction
from diplomacy.models import Change
from diplomacy.projection import timestamp


class HistoryEntrySerializer(serializers.Serializer):
    """One change to the record while it was public."""

    action = serializers.ChoiceField(
        choices=ChangeAction.choices,
        help_text="created: it entered the public record; updated: it was changed, or "
        "something it shows was (a participant's name); renamed: its slug changed from "
        "former_slug; retracted: see reason; withdrawn: it left public view (returned to "
        "draft or deleted).",
    )
    at = serializers.DateTimeField()
    slug = serializers.CharField(help_text="Its slug after the change.")
    former_slug = serializers.CharField(
        allow_null=True, help_text="For renamed: the slug it had before; null otherwise."
    )
    fields = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="For updated and renamed: the record's top-level fields that changed, in "
        "its order; null for other actions, when not known (changes logged before fields "
        "were), and of a record retracted or withdrawn since.",
    )
    note = serializers.CharField(
        allow_null=True,
        help_text="For updated and renamed: the editor's correction note, what was corrected "
        "and why; null when there is none (a change through what the record shows), and of "
        "a record retracted or withdrawn since.",
    )
    reason = serializers.CharField(
        allow_null=True, help_text="For retracted and withdrawn: why; null otherwise."
    )


class HistorySerializer(serializers.Serializer):
    results = HistoryEntrySerializer(
        many=True, help_text="Oldest first. Edits made while the record was a draft left none."
    )


def history_entry(entry: Change) -> dict:
    return {
        "action": entry.action,
        "at": timestamp(entry.at, timezone.get_current_timezone()),
        "slug": entry.slug,
        "former_slug": entry.former_slug or None,
        "fields": entry.fields,
        "note": entry.note or None,
        "reason": entry.reason or None,
    }
