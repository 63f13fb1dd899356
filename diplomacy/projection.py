"""Each resource's public projection, declared once, and the one compiled path that reads it.

A ``Shape`` lists what the public sees of a record, in the order a client sees it:
columns (renamed where the public name differs), references through foreign keys,
nested lists of related records, counts, and values computed from other fields. All
that shows a record derives from that one declaration (``diplomacy/shapes.py``):

- ``Shape.selects`` says what one SQL query reads for a record: its columns, its
  references, and each nested list as a JSON array (``diplomacy.aggregation``);
- ``Shape.render`` turns such a row into the record as the public sees it;
- ``read`` fetches and renders records by key with SQL compiled once per process;
- ``embeddings`` says which rows each record shows, which the change feed follows
  (``diplomacy.changes``).

The API renders these shapes and documents them (``api/representation.py``); the change
feed compares them before and after a write; the snapshots write them out. What a
viewer may see is part of the SQL: a hidden record nested in a visible one is left out
of its lists, and a hidden reference reads as null.
"""

import datetime
import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connections
from django.db.models import F, Model, Subquery, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from diplomacy.aggregation import json_rows, related_count
from diplomacy.compiled import compile_read
from diplomacy.visibility import Visibility

Reader = Callable[[dict, "Context"], Any]


@dataclass(frozen=True)
class Doc:
    """How a field is documented where no model field documents it: a kind of value
    (``text``, ``url``, ``text list``, ``integer``), whether it may be null, and what it
    holds."""

    kind: str
    nullable: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class Context:
    """What a rendering takes from the request: who looks, and where the API lives."""

    visibility: Visibility
    zone: datetime.tzinfo
    root: str  # scheme and host, such as https://api.example.org

    def url(self, view_name: str, slug: str) -> str:
        return self.root + path_template(view_name).format(slug)


@functools.cache
def path_template(view_name: str) -> str:
    """A record's path with ``{}`` for its slug, reversed once per process."""
    return reverse(view_name, kwargs={"slug": "__slug__"}).replace("__slug__", "{}")


def decode_json(value):
    """JSON from the database: text on SQLite, text or already decoded on PostgreSQL."""
    if value is None or not isinstance(value, str | bytes):
        return value
    return orjson.loads(value)


def as_date(value) -> datetime.date | None:
    """A date from a row: a date already, or ISO text when read from a JSON array."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class Field:
    """One key of a projection.

    ``doc`` documents it; without one, the model field of the same ``source`` does
    (``help_text`` and ``source`` among ``schema_kwargs`` are passed on). A
    ``detail_only`` field shows on the record's own page, not in lists.
    """

    def __init__(
        self,
        name: str,
        *,
        detail_only: bool = False,
        doc: Doc | None = None,
        **schema_kwargs,
    ):
        self.name = name
        self.detail_only = detail_only
        self.doc = doc
        self.schema_kwargs = schema_kwargs

    def selects(self, visibility: Visibility, prefix: str) -> dict:
        """What to read, by alias: a field path (as text) or an expression."""
        return {}

    def reader(self, prefix: str) -> Reader:
        raise NotImplementedError


class Column(Field):
    """A column of the record, under the API's ``name`` (the model's ``source``)."""

    def __init__(self, name: str, source: str | None = None, convert=None, **options):
        super().__init__(name, **options)
        self.source = source or name
        self.convert = convert
        if source is not None and self.doc is None:
            self.schema_kwargs.setdefault("source", source)

    def selects(self, visibility, prefix):
        path = prefix + self.source
        return {path: path}

    def reader(self, prefix):
        get = operator.itemgetter(prefix + self.source)
        if self.convert is None:
            return lambda row, context: get(row)
        convert = self.convert
        return lambda row, context: convert(get(row))


def timestamp(value, zone) -> str:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z.

    SQLite gives its text as stored (``2026-12-07 09:54:01.123456``, UTC): in UTC that is
    the answer once its separator and zone are written, with no datetime in between."""
    if isinstance(value, str):
        if str(zone) == "UTC":
            return value.replace(" ", "T", 1) + "Z"
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    text = value.astimezone(zone).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


class Timestamp(Column):
    """A time (created, updated), read as the database gives it: see ``timestamp``."""

    def reader(self, prefix):
        get = operator.itemgetter(prefix + self.source)
        return lambda row, context: timestamp(get(row), context.zone)


class Computed(Field):
    """A value worked out from columns of the record (``needs``), not stored."""

    def __init__(self, name: str, needs: tuple[str, ...], compute: Callable, **options):
        super().__init__(name, **options)
        self.needs = needs
        self.compute = compute

    def selects(self, visibility, prefix):
        return {prefix + need: prefix + need for need in self.needs}

    def reader(self, prefix):
        getters = [operator.itemgetter(prefix + need) for need in self.needs]
        compute = self.compute
        return lambda row, context: compute(*(get(row) for get in getters))


class Reference(Field):
    """A record reached through a foreign key: ``shape``'s fields of it, or null when the
    viewer may not see it. ``flat`` gives its one field (a slug) instead of an object."""

    def __init__(
        self,
        name: str,
        shape: "Shape",
        path: str | None = None,
        flat=False,
        shown_with: tuple | None = None,
        **options,
    ):
        super().__init__(name, **options)
        self.shape = shape
        self.path = path or name
        self.flat = flat
        # (model, path from the referenced row): the record it shows only with, when it is
        # not a curated record itself (a citation shows with its source).
        self.shown_with = shown_with

    def selects(self, visibility, prefix):
        path = prefix + self.path
        model, where = self.shape.model, path
        if self.shown_with is not None:
            model, where = self.shown_with[0], f"{path}__{self.shown_with[1]}"
        return {
            f"{path}__{column.source}": visibility.reference(
                model, where, column.source, value=f"{path}__{column.source}"
            )
            for column in self.shape.fields
        }

    def reader(self, prefix):
        path = f"{prefix}{self.path}__"
        present = operator.itemgetter(path + self.shape.fields[0].source)
        if self.flat:
            return lambda row, context: present(row)
        render = self.shape.renderer(path, detail=False)
        return lambda row, context: None if present(row) is None else render(row, context)


def nullable(model: type[Model], path: str) -> bool:
    """Whether the field at ``path`` (through foreign keys) may be null."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name).null


def sort_key(model: type[Model], names: tuple[str, ...]) -> Callable[[dict], Any]:
    """Items of ``model`` in the order of ``names``, ascending, nulls last."""
    if not any(nullable(model, name) for name in names):
        return operator.itemgetter(*names)

    def key(item: dict) -> tuple:
        return tuple((True, "") if item[name] is None else (False, item[name]) for name in names)

    return key


class Nested(Field):
    """A list of related records: rows of ``model`` pointing at the record through
    ``parent``, in the order of ``order_by`` (paths of ``model``, ascending, nulls last).

    The list holds only the rows whose own record and ``requires`` records (model and
    path pairs) the viewer may see. ``path`` leads from each row to the record the
    ``shape`` renders (a through table's ``actor``); ``flat`` lists its one field. ``key``
    names the fields that tell its items apart (the first field, or its slug, by default).
    """

    def __init__(
        self,
        name: str,
        model: type[Model],
        parent: str,
        shape: "Shape",
        *,
        path: str = "",
        requires: tuple = (),
        order_by: tuple[str, ...],
        flat: bool = False,
        key: tuple[str, ...] = (),
        **options,
    ):
        super().__init__(name, **options)
        self.model = model
        self.parent = parent
        self.shape = shape
        self.path = f"{path}__" if path else ""
        self.requires = requires
        self.order_by = order_by
        self.flat = flat
        self.key = key  # what names an item (its first field by default): see diplomacy.changes

    def selects(self, visibility, prefix):
        rows = visibility.restrict(self.model.objects.all())
        for model, path in self.requires:
            rows = rows.filter(visibility.condition(model, path))
        fields = self.shape.selects(visibility, self.path) | {name: name for name in self.order_by}
        return {prefix + self.name: json_rows(rows, self.parent, **fields)}

    def reader(self, prefix):
        get = operator.itemgetter(prefix + self.name)
        key = sort_key(self.model, self.order_by)
        render = self.shape.renderer(self.path, detail=False)
        if self.flat:
            first = self.shape.fields[0]
            render = first.reader(self.path)
        return lambda row, context: [
            render(item, context) for item in sorted(decode_json(get(row)) or (), key=key)
        ]


class Count(Field):
    """How many rows of ``model`` point at the record through ``parent`` and are visible."""

    def __init__(self, name: str, model: type[Model], parent: str, requires=(), **options):
        help_text = options.pop("help_text")
        super().__init__(name, doc=Doc("integer", help_text=help_text), **options)
        self.model = model
        self.parent = parent
        self.requires = requires

    def selects(self, visibility, prefix):
        rows = visibility.restrict(self.model.objects.all())
        for model, path in self.requires:
            rows = rows.filter(visibility.condition(model, path))
        return {prefix + self.name: related_count(rows, self.parent)}

    def reader(self, prefix):
        return lambda row, context, alias=prefix + self.name: row[alias]


class Group(Field):
    """Columns of the record shown together as one object (a meeting's location)."""

    def __init__(self, name: str, shape: "Shape", **options):
        super().__init__(name, **options)
        self.shape = shape

    def selects(self, visibility, prefix):
        return self.shape.selects(visibility, prefix)

    def reader(self, prefix):
        return self.shape.renderer(prefix, detail=False)


class Link(Field):
    """The record's own address: in the API, or its page for readers."""

    def __init__(
        self, view_name: str, name: str = "url", help_text: str = "This record in the API."
    ):
        super().__init__(name, doc=Doc("url", help_text=help_text))
        self.view_name = view_name

    def selects(self, visibility, prefix):
        return {prefix + "slug": prefix + "slug"}

    def reader(self, prefix):
        get = operator.itemgetter(prefix + "slug")
        view_name = self.view_name
        return lambda row, context: context.url(view_name, get(row))


class Shape:
    """A representation: ``fields`` of ``model`` in the order a client sees them."""

    def __init__(self, name: str, model: type[Model], *fields: Field, doc: str = ""):
        self.name = name
        self.model = model
        self.fields = fields
        self.doc = doc
        self.renderers: dict[tuple[str, bool], Reader] = {}

    def __repr__(self) -> str:
        return f"<Shape {self.name}>"

    def shown(self, detail: bool) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if detail or not field.detail_only)

    @property
    def has_detail_fields(self) -> bool:
        return any(field.detail_only for field in self.fields)

    def selects(self, visibility: Visibility, prefix: str = "", detail: bool = False) -> dict:
        selected = {}
        for field in self.shown(detail):
            selected |= field.selects(visibility, prefix)
        return selected

    def renderer(self, prefix: str, detail: bool) -> Reader:
        """A function rendering rows read under ``prefix``; made once per process.

        A record starts as a copy of an empty one with every key in the fields' order;
        the plain columns are filled in at once (one ``itemgetter``), then each other
        field from its reader, in place, so that a page of records costs no Python call
        per plain column.
        """
        render = self.renderers.get((prefix, detail))
        if render is None:
            render = self.renderers[prefix, detail] = self.build_renderer(prefix, detail)
        return render

    def build_renderer(self, prefix: str, detail: bool) -> Reader:
        fields = self.shown(detail)
        empty = dict.fromkeys(field.name for field in fields)
        plain = [field for field in fields if type(field) is Column and field.convert is None]
        plain_names = tuple(field.name for field in plain)
        values = operator.itemgetter(*(prefix + field.source for field in plain))
        if len(plain) == 1:
            one = values
            values = lambda row: (one(row),)  # noqa: E731
        if not plain:
            values = lambda row: ()  # noqa: E731
        others = tuple((field.name, field.reader(prefix)) for field in fields if field not in plain)

        def render(row: dict, context: "Context") -> dict:
            record = empty.copy()
            record.update(zip(plain_names, values(row), strict=False))
            for name, read in others:
                record[name] = read(row, context)
            return record

        return render

    def render(self, row: dict, context: Context, detail: bool = False) -> dict:
        return self.renderer("", detail)(row, context)


def record_columns(detail: bool) -> dict:
    """Read for every record whatever its shape: its key, and on its own page the status
    and retraction reason that decide whether it is shown."""
    columns = {"id": "id"}
    if detail:
        columns |= {"status": "status", "retraction_reason": "retraction_reason"}
    return columns


@functools.cache
def compiled(shape: Shape, visibility: Visibility, using: str, by: str, count: int, detail: bool):
    """The SQL that reads ``count`` records of ``shape`` by ``by`` (pk or slug), with every
    column, reference and nested list they show; compiled once per process.

    Building the query with the ORM costs more than running it. Only the keys change
    from one read to the next (``diplomacy.compiled``); what a viewer may see is part of
    the SQL, so each kind of viewer has its own.
    """
    placeholders = list(range(-count, 0)) if by == "pk" else [f"\0{n}" for n in range(count)]
    selects = record_columns(detail) | shape.selects(visibility, detail=detail)
    if connections[using].vendor == "sqlite":
        # Times as SQLite stores them (text, in UTC): ``timestamp`` writes them out as
        # they are, with no datetime parsed and formatted again per row.
        for field in shape.shown(detail):
            if isinstance(field, Timestamp):
                selects[field.source] = Cast(field.source, TextField())
    aliases = {f"c{index}": alias for index, alias in enumerate(selects)}
    expressions = {
        name: F(selects[alias]) if isinstance(selects[alias], str) else selects[alias]
        for name, alias in aliases.items()
    }
    records = shape.model._default_manager.using(using)
    if by == "pk":
        # Read by key (a page, an export's batch): only records the viewer may see now, so
        # that one retracted since its key was read is left out. A detail (by slug) reads
        # any, to answer a retracted record's address with its reason.
        records = records.filter(visibility.condition(shape.model))
    read = records.filter(**{f"{by}__in": placeholders}).values(**expressions)
    # The database's values as the model's fields give them (a JSON column as a list, a
    # date as a date); nested lists stay JSON text, which orjson reads faster.
    return compile_read(read, placeholders, leave_raw=lambda e: isinstance(e, Subquery)), aliases


def read_rows(
    shape: Shape, keys: Iterable, context: Context, using: str, by: str = "pk", detail=False
) -> list[dict]:
    """The records with these keys, as rows ``shape`` renders, in the keys' order."""
    keys = list(keys)
    if not keys:
        return []
    query, aliases = compiled(shape, context.visibility, using, by, len(keys), detail)
    columns, rows = query.run(using, keys)
    names = [aliases[column] for column in columns]
    key_name = "id" if by == "pk" else by
    found = {}
    for values in rows:
        row = dict(zip(names, values, strict=True))
        found[row[key_name]] = row
    return [found[key] for key in keys if key in found]


def read(shape: Shape, keys: Iterable, context: Context, using: str) -> list[dict]:
    """The records with these primary keys that the viewer may see, rendered, in the keys'
    order."""
    render = shape.renderer("", False)
    return [render(row, context) for row in read_rows(shape, keys, context, using)]


@dataclass(frozen=True)
class Embedding:
    """Records of ``root`` show rows of ``model``, reached from ``owner`` rows.

    ``lookup`` leads from an ``owner`` row to the ``model`` row ("" when the owner is
    the row itself); ``root_field`` leads from the owner row to the root record.
    """

    root: type[Model]
    model: type[Model]
    owner: type[Model]
    lookup: str
    root_field: str
    # The owner row shows only while this record is visible (a participation's actor).
    required: bool = False

    def roots_of(self, row: Model, using: str) -> list[int]:
        """The keys of the root records showing ``row``, as stored now."""
        if not self.lookup and "__" not in self.root_field:
            return [row.serializable_value(self.owner._meta.get_field(self.root_field).name)]
        if not self.lookup:  # a list nested in a nested list: a post's citations
            linked = self.owner._default_manager.using(using).filter(pk=row.pk)
            return list(linked.values_list(self.root_field, flat=True))
        linked = self.owner._default_manager.using(using).filter(**{self.lookup: row.pk})
        return list(linked.values_list(self.root_field, flat=True).distinct())


def model_at(model: type[Model], path: str) -> type[Model]:
    """The model a path of foreign keys leads to."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def embeddings(shape: Shape) -> list[Embedding]:
    """The rows ``shape``'s records show, and how to find the records from each row: a
    change to such a row changes them (``diplomacy.changes``). Counts are not followed:
    an actor's meeting count is a figure about other records, not a field of the actor."""
    root, found = shape.model, []

    def walk(shape: Shape, owner: type[Model], prefix: str, root_field: str) -> None:
        for field in shape.fields:
            if isinstance(field, Column) and "__" in field.source:
                path = prefix + field.source.rsplit("__", 1)[0]
                found.append(Embedding(root, model_at(owner, path), owner, path, root_field))
            elif isinstance(field, Reference):
                path = prefix + field.path
                found.append(Embedding(root, field.shape.model, owner, path, root_field))
                walk(field.shape, owner, f"{path}__", root_field)
            elif isinstance(field, Group):
                walk(field.shape, owner, prefix, root_field)
            elif isinstance(field, Nested):
                # From each row to the root: its parent, then on from the parent's rows.
                rows = field.model
                parent = field.parent if root_field == "pk" else f"{field.parent}__{root_field}"
                found.append(Embedding(root, rows, rows, "", parent))
                for model, path in field.requires:
                    found.append(Embedding(root, model, rows, path, parent, required=True))
                if field.path:
                    path = field.path.removesuffix("__")
                    found.append(Embedding(root, field.shape.model, rows, path, parent))
                walk(field.shape, rows, field.path, parent)

    walk(shape, root, "", "pk")
    return found
