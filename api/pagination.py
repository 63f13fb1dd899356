"""Keyset ("cursor") pagination with a bounded count.

A cursor holds the ordering key of the last row served, so every page costs
the same at any depth and rows added meanwhile neither repeat nor vanish.
Nullable keys (undated records) sort last in either direction. The count is
exact up to ``COUNT_LIMIT`` matches and null beyond, so that counting never
costs more than reading a thousand index entries.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from django.core import signing
from django.db.models import F, Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from diplomacy.ordering import DateSortKey
from diplomacy.visibility import visibility_of

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
COUNT_LIMIT = 1000
CURSOR_SALT = "api.pagination.cursor"


@dataclass(frozen=True)
class SortKey:
    """One key of an ordering.

    ``nullable`` keys put nulls last with NULLS LAST; ``undated_last`` date keys do
    it through ``DateSortKey``, which an expression index serves.
    """

    field: str
    descending: bool = False
    nullable: bool = False
    undated_last: bool = False

    @property
    def name(self) -> str:
        """The name the key is read under: the field, or the annotated sort key."""
        return f"{self.field}_sort_key" if self.undated_last else self.field

    def annotation(self) -> dict:
        if not self.undated_last:
            return {}
        return {self.name: DateSortKey(self.field, descending=self.descending)}

    def order_expression(self, reverse: bool = False):
        descending = self.descending != reverse
        expression = F(self.name)
        if self.nullable:
            # Nulls stay last for the reader, so first when walking backwards.
            placement = {"nulls_first": True} if reverse else {"nulls_last": True}
            return expression.desc(**placement) if descending else expression.asc(**placement)
        return expression.desc() if descending else expression.asc()


@dataclass(frozen=True)
class Ordering:
    """A named ordering a client can ask for, ending with a unique key."""

    name: str
    keys: tuple[SortKey, ...]
    description: str = ""

    def annotations(self) -> dict:
        return {name: value for key in self.keys for name, value in key.annotation().items()}

    def order_by(self, reverse: bool = False) -> list:
        return [key.order_expression(reverse) for key in self.keys]

    def after(self, values: list, reverse: bool = False) -> Q:
        """Rows strictly after ``values`` in this order (before, when ``reverse``)."""
        condition = Q(pk__in=[])
        equal_so_far = Q()
        for key, value in zip(self.keys, values, strict=True):
            condition |= equal_so_far & self._beyond(key, value, reverse)
            equal_so_far &= (
                Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
            )
        return self._leading_bound(values[0], reverse) & condition

    def _leading_bound(self, value, reverse: bool) -> Q:
        """The same rows, plus a range on the first key that an index scan can start from."""
        key = self.keys[0]
        if key.nullable or value is None:
            return Q()
        forwards = key.descending == reverse
        return Q(**{f"{key.name}__{'gte' if forwards else 'lte'}": value})

    @staticmethod
    def _beyond(key: SortKey, value, reverse: bool) -> Q:
        forwards = key.descending == reverse
        if value is None:
            # Nulls come last going forwards: only non-nulls lie beyond them backwards.
            return Q(**{f"{key.name}__isnull": False}) if reverse else Q(pk__in=[])
        beyond = Q(**{f"{key.name}__{'gt' if forwards else 'lt'}": value})
        if key.nullable and not reverse:
            beyond |= Q(**{f"{key.name}__isnull": True})
        return beyond

    def values_of(self, row: dict) -> list:
        values = []
        for key in self.keys:
            value = row[key.name]
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        return values


def bounded_count(queryset) -> int | None:
    """How many rows match, or None when more than ``COUNT_LIMIT`` do."""
    count = queryset.values("pk").order_by()[: COUNT_LIMIT + 1].count()
    return count if count <= COUNT_LIMIT else None


class CursorCountPagination(BasePagination):
    """Pages of ``page_size`` rows (``values()`` dicts), linked by opaque cursors."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def start_at_cursor(self, queryset, request, view):
        """The rows from the cursor's position on, for the view to filter further.

        The position comes first in the query, so that SQLite starts its index
        scan there rather than at a filter's looser bound on the same key.
        """
        self.request = request
        self.page_size = self.get_page_size(request)
        self.ordering = view.get_ordering_spec(request)
        self.position, self.reverse, self.carried_count = self.decode_cursor(request)
        queryset = queryset.annotate(**self.ordering.annotations())
        # A key a filter annotates (a search rank) exists only once the filters ran.
        self.keyed_by_filter = bool(self.keys_from_filters(queryset))
        if self.keyed_by_filter:
            return queryset
        return self.after_position(queryset)

    def after_position(self, queryset):
        if self.position is None:
            return queryset
        return queryset.filter(self.ordering.after(self.position, self.reverse))

    def keys_from_filters(self, queryset) -> set[str]:
        known = {field.name for field in queryset.model._meta.concrete_fields}
        return {key.name for key in self.ordering.keys} - known - set(queryset.query.annotations)

    def paginate_queryset(self, queryset, request, view=None):
        """A page of the rows ``start_at_cursor`` began and the view's filters kept."""
        if self.keyed_by_filter:
            queryset = self.after_position(queryset)
        position, reverse = self.position, self.reverse
        # Counted once, on the first page; the cursors carry it to the others.
        self.count = bounded_count(queryset) if position is None else self.carried_count
        page = self.read_page(queryset, view.list_rows, reverse)
        has_more = len(page) > self.page_size
        page = page[: self.page_size]
        if reverse:
            page.reverse()
        self.has_next = has_more if not reverse else position is not None
        self.has_previous = position is not None if not reverse else has_more
        self.page = page
        return page

    def read_page(self, matching, list_rows, reverse: bool) -> list[dict]:
        """One more row than the page holds, in order.

        The rows are found first by their keys alone, which the chronological
        indexes cover, and only the page's rows are then read in full: skipping
        the rows outside a window costs index entries, not table rows.
        """
        keys = [key.name for key in self.ordering.keys]
        order = self.ordering.order_by(reverse)
        limit = self.page_size + 1
        if self.keyed_by_filter:
            # Ordered by a filter's annotation (a search rank): no index covers it.
            return list(list_rows.select(matching, *keys).order_by(*order)[:limit])
        window = matching.order_by(*order).values("pk")[:limit]
        rows = list_rows.model._default_manager.db_manager(matching.db).filter(pk__in=window)
        rows = rows.annotate(**self.ordering.annotations())
        return list(list_rows.select(rows, *keys).order_by(*order))

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(raw)

    def decode_cursor(self, request) -> tuple[list | None, bool, int | None]:
        """The position, the direction, and the count the first page found.

        Cursors are signed with the secret key: one this API did not issue (or built
        with another key) is refused before any of its values reaches a query.
        """
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None, False, None
        try:
            payload = signing.Signer(salt=CURSOR_SALT).unsign_object(raw)
            values, reverse, ordering = payload["v"], payload["r"], payload["o"]
            count = payload.get("c")
            if not isinstance(values, list) or len(values) != len(self.ordering.keys):
                raise ValueError
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "Not a cursor this API issued; follow the next or previous link."
                    ]
                }
            ) from None
        if ordering != self.ordering.name:
            raise ValidationError(
                {self.cursor_query_param: ["This cursor belongs to another ordering."]}
            )
        if payload.get("q") != self.query_digest():
            # Its count and position are those of another query, or of another viewer's
            # records (a curator's cursor counts drafts).
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "This cursor belongs to another query; follow this query's links."
                    ]
                }
            )
        return values, bool(reverse), count

    def query_digest(self) -> str:
        """What a cursor is valid for: this path, these filters, and what this viewer sees."""
        parameters = sorted(
            (name, value)
            for name, values in self.request.query_params.lists()
            if name not in (self.cursor_query_param, self.page_size_query_param)
            for value in values
        )
        hidden = sorted(model._meta.label for model in visibility_of(self.request).hidden)
        text = repr((self.request.path, parameters, hidden))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def encode_cursor(self, row, reverse: bool) -> str:
        payload = {
            "v": self.ordering.values_of(row),
            "r": reverse,
            "o": self.ordering.name,
            "c": self.count,
            "q": self.query_digest(),
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
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
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
