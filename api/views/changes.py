"""The change feed: what changed in the public record, in commit order (``diplomacy.changes``)."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api import parameters
from api.filters.base import in_utc
from api.resources import RESOURCES
from diplomacy.changes import PUBLIC_ACTIONS, last_action
from diplomacy.choices import ChangeAction
from diplomacy.models import Change
from diplomacy.projection import path_template, timestamp

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
FIELDS = ("id", "resource", "slug", "former_slug", "action", "at", "reason", "fields", "note")
VIEWS = {name: f"api:{resource.basename}-detail" for name, resource in RESOURCES.items()}


class SinceField(serializers.CharField):
    """An entry's id (the entries after it) or an ISO 8601 time (the entries from it)."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if len(text) > 40:
            raise serializers.ValidationError("At most 40 characters.")
        if text.isascii() and text.isdigit():
            return int(text)
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise serializers.ValidationError(
                "Give the id of the last entry you read, or an ISO 8601 time such as "
                "2026-12-01T00:00:00Z."
            ) from None
        if moment.tzinfo is None:
            raise serializers.ValidationError("Give the time with its offset, such as Z.")
        return in_utc(moment)


class ChangeQuery(serializers.Serializer):
    since = SinceField(
        required=False,
        help_text="The id of the last entry you read (the entries after it), or an ISO 8601 "
        "time (the entries from it). Left out: from the first entry.",
    )
    resource = serializers.MultipleChoiceField(
        choices=sorted(VIEWS),
        required=False,
        help_text="Only entries of this resource; repeat for any of several (OR).",
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Entries per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    )


# Each parameter of the query, and whether it may be repeated.
ACCEPTED = {
    name: isinstance(field, serializers.MultipleChoiceField)
    for name, field in ChangeQuery().fields.items()
}


class ChangeSerializer(serializers.Serializer):
    """One change to the public record."""

    id = serializers.IntegerField(help_text="Increases in commit order: resume after it.")
    resource = serializers.ChoiceField(choices=sorted(VIEWS))
    slug = serializers.CharField()
    former_slug = serializers.CharField(
        allow_null=True,
        help_text="For renamed: the slug it had before, whose address now redirects to the "
        "new one; null otherwise.",
    )
    action = serializers.ChoiceField(
        choices=ChangeAction.choices,
        help_text="created: entered the public record; updated: it, or something it shows, "
        "changed (read it again); renamed: its slug changed from former_slug (drop the copy "
        "kept under that slug, read it again at url); retracted: see reason; withdrawn: no "
        "longer public (returned to draft or deleted), a tombstone: drop it.",
    )
    at = serializers.DateTimeField()
    reason = serializers.CharField(
        allow_null=True, help_text="Why it was retracted or withdrawn; null otherwise."
    )
    fields = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="For updated and renamed: the record's top-level fields that changed, in "
        "its order (participants, when a participant's name did); null for other actions, "
        "or when not known (changes logged before fields were), and once the record is "
        "retracted or withdrawn.",
    )
    note = serializers.CharField(
        allow_null=True,
        help_text="For updated and renamed: the editor's correction note, what was corrected "
        "and why; null when there is none (a change through what the record shows, such as "
        "a participant's new name), and once the record is retracted or withdrawn.",
    )
    url = serializers.URLField(
        allow_null=True,
        help_text="The record (a retracted one answers 410 with its reason); null when withdrawn.",
    )


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.URLField(
        allow_null=True, help_text="The following entries, when this page is full."
    )
    resume = serializers.URLField(
        help_text="Where to ask next time for what changes after this page: keep it between syncs."
    )


class ChangeFeedView(GenericAPIView):
    """Every change to the public record, oldest first, in the order changes committed.

    A sync keeps the `resume` link of its last page and asks it next time. Entries never
    move: paging by `since` skips none and repeats none. A change to anything a record
    shows (a participant, a citation, an actor's name) is an `updated` entry of that
    record. Drafts leave no entry; a record leaving public view leaves a `withdrawn`
    tombstone (or `retracted`, with the reason); a new slug is a `renamed` entry with the
    `former_slug`. An `updated` or `renamed` entry names the `fields` that changed and
    carries the editor's correction `note`.
    """

    serializer_class = ChangePageSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Changes to the public record",
        parameters=[ChangeQuery],
        responses={200: ChangePageSerializer},
        tags=["changes"],
    )
    def get(self, request, *args, **kwargs):
        query = self.read_query()
        entries = Change.objects.order_by("id")
        since = query.get("since", 0)
        if isinstance(since, datetime.datetime):
            first = Change.objects.filter(at__gte=since).order_by("at", "id").values("id")[:1]
            entries = entries.filter(id__gte=first)
        else:
            entries = entries.filter(id__gt=since)
        if query.get("resource"):
            entries = entries.filter(resource__in=sorted(query["resource"]))
        size = query.get("page_size", DEFAULT_PAGE_SIZE)
        page = list(entries.values(*FIELDS, now=last_action())[: size + 1])
        more, page = len(page) > size, page[:size]
        results = [self.entry(row) for row in page]
        here = request.build_absolute_uri()
        last = page[-1]["id"] if page else (since if isinstance(since, int) else None)
        resume = here if last is None else replace_query_param(here, "since", last)
        following = resume if more else None
        headers = {"Link": f'<{following}>; rel="next"'} if following else None
        return Response({"results": results, "next": following, "resume": resume}, headers=headers)

    def read_query(self) -> dict:
        params = self.request.query_params
        parameters.check(params, ACCEPTED)
        data = {
            name: params.getlist(name) if name == "resource" else params[name] for name in params
        }
        query = ChangeQuery(data=data)
        if not query.is_valid():
            raise ValidationError(query.errors)
        return query.validated_data

    def entry(self, row: dict) -> dict:
        gone = row["action"] == ChangeAction.WITHDRAWN
        # Of a record retracted or withdrawn since, nothing that told of its content.
        public = row["now"] in PUBLIC_ACTIONS
        root = f"{self.request.scheme}://{self.request.get_host()}"
        address = path_template(VIEWS[row["resource"]]).format(row["slug"])
        return {
            "id": row["id"],
            "resource": row["resource"],
            "slug": row["slug"],
            "former_slug": row["former_slug"] or None,
            "action": row["action"],
            "at": timestamp(row["at"], timezone.get_current_timezone()),
            "reason": row["reason"] or None,
            "fields": row["fields"] if public else None,
            "note": (row["note"] or None) if public else None,
            "url": None if gone else root + address,
        }
