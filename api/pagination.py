"""Keyset ("cursor") pagination with a bounded count.

A cursor holds the ordering key of the last row served, so every page costs
the same at any depth and rows added meanwhile neither repeat nor vanish.
Nullable keys (undated records) sort last in either direction. The count is
exact up to ``COUNT_LIMIT`` matches and null beyond, so that counting never
costs more than reading a thousand index entries.

The paginator is the one place cursors are written and read: it turns the cursor a
request gives into a ``Place`` in the ordering the filterset chose, the filterset reads
the matching rows from there, ordered, and the paginator reads a page of them and links
the next ones with new cursors.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from django.core import signing
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from diplomacy.ordering import Ordering
from diplomacy.visibility import visibility_of

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
COUNT_LIMIT = 1000
CURSOR_SALT = "api.pagination.cursor"
CURSOR = "cursor"
PAGE_SIZE = "page_size"


@dataclass(frozen=True)
class Place:
    """Where a list is read from: its ordering, and a cursor's position, direction and the
    count the first page found (none on a first page)."""

    ordering: Ordering
    position: list | None = None
    reverse: bool = False
    count: int | None = None

    def after(self, queryset: QuerySet) -> QuerySet:
        """The rows beyond the cursor's position."""
        if self.position is None:
            return queryset
        return queryset.filter(self.ordering.after(self.position, self.reverse))

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*self.ordering.order_by(self.reverse))


def query_digest(request) -> str:
    """What a cursor is valid for: this path, these filters, and what this viewer sees."""
    parameters = sorted(
        (name, value)
        for name, values in request.query_params.lists()
        if name not in (CURSOR, PAGE_SIZE)
        for value in values
    )
    hidden = sorted(model._meta.label for model in visibility_of(request).hidden)
    text = repr((request.path, parameters, hidden))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class CursorError(ValueError):
    pass


def decode_cursor(raw: str, ordering: Ordering, request) -> Place:
    """The place a cursor points at in ``ordering``.

    Cursors are signed with the secret key: one this API did not issue (or built
    with another key) is refused before any of its values reaches a query.
    """
    try:
        payload = signing.Signer(salt=CURSOR_SALT).unsign_object(raw)
        values, reverse, name = payload["v"], payload["r"], payload["o"]
        count = payload.get("c")
        if not isinstance(values, list) or len(values) != len(ordering.keys):
            raise ValueError
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        raise CursorError(
            "Not a cursor this API issued; follow the next or previous link."
        ) from None
    if name != ordering.name:
        raise CursorError("This cursor belongs to another ordering.")
    if payload.get("q") != query_digest(request):
        # Its count and position are those of another query, or of another viewer's
        # records (a curator's cursor counts drafts).
        raise CursorError("This cursor belongs to another query; follow this query's links.")
    return Place(ordering, values, bool(reverse), count)


def bounded_count(queryset) -> int | None:
    """How many rows match, or None when more than ``COUNT_LIMIT`` do."""
    return within_limit(queryset.values("pk").order_by()[: COUNT_LIMIT + 1].count())


def within_limit(count: int) -> int | None:
    return count if count <= COUNT_LIMIT else None


class CursorCountPagination(BasePagination):
    """Pages of ``page_size`` rows from an ordered queryset, linked by opaque cursors."""

    cursor_query_param = CURSOR
    page_size_query_param = PAGE_SIZE

    def place(self, request, ordering: Ordering) -> Place:
        """Where the list is read from: its start, or the place the request's cursor holds
        (a cursor not issued for this query and viewer is refused, 400)."""
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return Place(ordering)
        try:
            return decode_cursor(raw, ordering, request)
        except CursorError as error:
            raise ValidationError({self.cursor_query_param: [str(error)]}) from None

    def paginate(self, queryset: QuerySet, place: Place, request) -> list[int]:
        """The primary keys of the page's records, in order.

        ``queryset`` holds the rows from ``place`` on, ordered: a page reads the primary
        keys and sort keys alone, which the chronological indexes cover, so skipping
        the rows outside a window costs index entries, not table rows.
        """
        self.request = request
        self.place = place
        self.page_size = self.get_page_size(request)
        keys = [key.name for key in place.ordering.keys]
        page = list(queryset.values("pk", *keys)[: self.page_size + 1])
        has_more = len(page) > self.page_size
        page = page[: self.page_size]
        started = place.position is not None
        # Counted once, on the first page (by the page itself when it holds every row); the
        # cursors carry it to the others.
        if started:
            self.count = place.count
        else:
            self.count = bounded_count(queryset) if has_more else within_limit(len(page))
        if place.reverse:
            page.reverse()
        self.has_next = has_more if not place.reverse else started
        self.has_previous = started if not place.reverse else has_more
        self.page = page
        return [row["pk"] for row in page]

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(raw)

    def encode_cursor(self, row, reverse: bool) -> str:
        ordering = self.place.ordering
        payload = {
            "v": ordering.values_of(row),
            "r": reverse,
            "o": ordering.name,
            "c": self.count,
            "q": query_digest(self.request),
        }
        return signing.Signer(salt=CURSOR_SALT).sign_object(payload)

    def link(self, row, reverse: bool) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(row, reverse))

    def get_next_link(self):
        if not self.has_next or not self.page:
            return None
        return self.link(self.page[-1], reverse=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.page:
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self.link(self.page[0], reverse=True)

    def get_paginated_response(self, data):
        following, preceding = self.get_next_link(), self.get_previous_link()
        links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (preceding, "prev"))]
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("next", following),
                    ("previous", preceding),
                    ("results", data),
                ]
            ),
            # RFC 8288: the same links for clients that read headers (CSV and NDJSON pages).
            headers={"Link": ", ".join(link for link in links if "<None>" not in link)}
            if following or preceding
            else None,
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"Exact number of matching records when {COUNT_LIMIT:,} or "
                    f"fewer match; null when more do (narrow the filters for an exact figure). "
                    f"Counted on the first page; later pages repeat that figure.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Opaque position from a `next` or `previous` link.",
                "schema": {"type": "string", "minLength": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Records per page, 1 to {MAX_PAGE_SIZE}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]
