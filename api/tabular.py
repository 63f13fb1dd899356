"""Records as flat rows: the columns of a resource's CSV, worked out from its shape.

A CSV row holds one record. Its columns follow the record's JSON keys:

- a value is its own column (``title``, ``date_start``);
- an object (a statement's ``speaker``, a meeting's ``location``) becomes a column per
  key, named ``speaker_slug``, ``speaker_name``, ``location_country``;
- a list of slugs or words (``topics``, ``aliases``) is one column, its items joined by
  ``"; "``;
- a list of objects (``participants``, ``audience``, ``citations``, ``votes``) is two columns: what
  identifies each item joined by ``"; "`` (``participants``: the actors' slugs), and
  ``<name>_json`` with the full list as JSON, as the JSON answer has it.

Empty cells are nulls. Text that a spreadsheet would run as a formula, or that starts with
an apostrophe, gets a leading apostrophe (``neutralise``). Everything derives from the
shape's fields (``described``: the type its model field or declaration gives), so the
columns cannot drift from the JSON.
"""

import csv
import functools
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import models

from diplomacy.projection import Field, Group, Nested, Reference, Shape

SEPARATOR = "; "
# OWASP's CSV injection advice: a cell starting with one of = + - @ tab or carriage return is
# a formula to Excel, LibreOffice or Google Sheets; a leading apostrophe makes it text.
# What a spreadsheet may show as nothing, or trim, before a cell's first visible character:
# control and format characters (zero-width spaces and joiners, direction marks, the byte
# order mark, tags), every kind of space and line break, and combining marks.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


@dataclass(frozen=True)
class TableColumn:
    """One column: its name, its Table Schema type and format, and what it holds."""

    name: str
    type: str
    description: str
    get: Callable[[dict], Any]
    format: str = "default"
    enum: tuple[str, ...] = ()


def neutralise(text: str) -> str:
    """A cell's text, made inert where a spreadsheet would run it as a formula.

    A cell starting with a tab or a carriage return, or whose first visible character is
    one of = + - @ once compatibility forms are folded (NFKC: a full-width equals sign is
    =), gets a leading apostrophe, so that nothing invisible or look-alike slips a formula
    past. A cell that starts with an apostrophe gets one more, so that the one added can
    always be told from the data's own: drop the first apostrophe of a cell that has one.
    """
    if text.startswith(("\t", "\r", "'")):
        return "'" + text
    visible = next(
        (char for char in text if unicodedata.category(char) not in INVISIBLE_CATEGORIES), ""
    )
    if unicodedata.normalize("NFKC", visible)[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


@dataclass(frozen=True)
class Described:
    """What a field of a shape holds, as a table needs to know it: a value's Table Schema
    type, format and accepted values; or the shape of an object, or of a list's items."""

    description: str | None  # None: nothing documents it, its column's name stands in
    type: str = "string"
    format: str = "default"
    enum: tuple[str, ...] = ()
    shape: Shape | None = None  # an object's, or the items' of a list of objects
    many: bool = False  # a list


def model_field_at(model: type[models.Model], path: str) -> models.Field:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def value_type(field: models.Field) -> tuple[str, str]:
    """The Table Schema type and format of a model field's values."""
    if isinstance(field, models.BooleanField):
        return "boolean", "default"
    if isinstance(field, models.IntegerField):
        return "integer", "default"
    if isinstance(field, models.FloatField | models.DecimalField):
        return "number", "default"
    if isinstance(field, models.DateTimeField):
        return "datetime", "default"
    if isinstance(field, models.DateField):
        return "date", "default"
    if isinstance(field, models.URLField):
        return "string", "uri"
    return "string", "default"


DOC_TYPES = {
    "text": ("string", "default"),
    "url": ("string", "uri"),
    "integer": ("integer", "default"),
}


def described(field: Field, model: type[models.Model]) -> Described:
    """What ``field`` of a shape of ``model`` holds: from its ``doc``, the shape it nests,
    or the model field it reads."""
    help_text = field.schema_kwargs.get("help_text")
    if field.doc is not None:
        description = field.doc.help_text or None
        if field.doc.kind == "text list":
            return Described(description, many=True)
        kind, fmt = DOC_TYPES[field.doc.kind]
        return Described(description, kind, fmt)
    if isinstance(field, Reference):
        if field.flat:
            return Described(help_text or field.name)
        return Described(help_text or field.name, shape=field.shape)
    if isinstance(field, Group):
        return Described(help_text or field.name, shape=field.shape)
    if isinstance(field, Nested):
        return Described(
            help_text or field.name, shape=None if field.flat else field.shape, many=True
        )
    found = model_field_at(model, field.source)
    kind, fmt = value_type(found)
    enum = tuple(str(value) for value, _ in found.flatchoices) if found.choices else ()
    return Described(str(help_text or found.help_text) or None, kind, fmt, enum)


def key_getter(*path: str) -> Callable[[dict], Any]:
    def get(record: dict):
        value = record
        for key in path:
            if value is None:
                return None
            value = value[key]
        return value

    return get


def joined(get: Callable[[dict], Any], item_key: Callable[[Any], Any] | None = None):
    def join(record: dict):
        items = get(record)
        if not items:
            return None if items is None else ""
        keys = items if item_key is None else (item_key(item) for item in items)
        return SEPARATOR.join("" if key is None else str(key) for key in keys)

    return join


def as_json(get: Callable[[dict], Any]):
    def dump(record: dict):
        value = get(record)
        return None if value is None else orjson.dumps(value).decode()

    return dump


def identifying_key(shape: Shape) -> tuple[str, Callable[[dict], Any]]:
    """What names an item of a list of objects: its first field's value, or that field's
    slug when it is an object itself (a participant's actor)."""
    first = shape.fields[0]
    name = first.name
    if described(first, shape.model).shape is not None:
        return f"{name} slug", lambda item: (item[name] or {}).get("slug")
    return name, lambda item: item[name]


def columns_of(name: str, what: Described, get) -> list[TableColumn]:
    """The columns one JSON key becomes."""
    if what.many and what.shape is not None:
        item, key = identifying_key(what.shape)
        return [
            TableColumn(
                name,
                "string",
                f"{what.description or name} The {item} of each, joined by '{SEPARATOR}'.",
                joined(get, key),
            ),
            TableColumn(
                f"{name}_json",
                "array",
                f"The {name} in full, as a JSON array (as in the JSON answer).",
                as_json(get),
            ),
        ]
    if what.many:
        return [
            TableColumn(
                name, "string", f"{what.description or name} Joined by '{SEPARATOR}'.", joined(get)
            )
        ]
    if what.shape is not None:
        return [
            column
            for sub in what.shape.fields
            for column in columns_of(
                f"{name}_{sub.name}",
                described(sub, what.shape.model),
                key_getter_after(get, sub.name),
            )
        ]
    return [TableColumn(name, what.type, what.description or name, get, what.format, what.enum)]


def key_getter_after(get, key: str):
    def get_key(record: dict):
        value = get(record)
        return None if value is None else value[key]

    return get_key


@functools.cache
def table_of(shape: Shape, detail: bool = False) -> tuple[TableColumn, ...]:
    """The CSV columns of ``shape``'s records, in the order of their JSON keys."""
    return tuple(
        column
        for field in shape.shown(detail)
        for column in columns_of(field.name, described(field, shape.model), key_getter(field.name))
    )


def flat_row(columns: tuple[TableColumn, ...], record: dict) -> list:
    """A record's cells, as Python values (None for null)."""
    return [column.get(record) for column in columns]


def cell(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


class CsvLines:
    """Writes rows as CSV text: RFC 4180 quoting, CRLF line ends, spreadsheet-safe cells."""

    def __init__(self, columns: tuple[TableColumn, ...]):
        self.columns = columns
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def header(self) -> str:
        self.writer.writerow(column.name for column in self.columns)
        return self.take()

    def rows(self, records: Iterable[dict]) -> str:
        for record in records:
            self.writer.writerow(cell(value) for value in flat_row(self.columns, record))
        return self.take()


def csv_text(shape: Shape, records: Iterable[dict], detail: bool = False) -> str:
    lines = CsvLines(table_of(shape, detail))
    return lines.header() + lines.rows(records)


def ndjson_lines(records: Iterable[dict]) -> bytes:
    """One JSON document per line (application/x-ndjson), each ending in a newline."""
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


def csv_description(shape: Shape, detail: bool = False) -> str:
    """The columns of a resource's CSV, for the OpenAPI document."""
    listed = "; ".join(f"`{column.name}`" for column in table_of(shape, detail))
    return (
        "One row per record, a header row first. Objects become a column per key "
        f"(`speaker_slug`); lists of slugs are joined by '{SEPARATOR}'; lists of objects "
        "give their identifiers joined, and the full list as JSON in `<name>_json`. "
        "Empty cells are nulls; text a spreadsheet would run as a formula (its first visible "
        "character, once compatibility forms are folded, one of = + - @ tab or carriage "
        "return), or that starts with an apostrophe, gets a leading apostrophe: drop the "
        f"first apostrophe of a cell that has one. Columns: {listed}."
    )
