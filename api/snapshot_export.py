"""Versioned bulk snapshots of the public record, described by a Frictionless Tabular Data
Package (``datapackage.json``).

A snapshot is a directory named after its version, the UTC time of the export
(``20261202T131500Z``), holding per table one CSV and one NDJSON file, and one SQLite
database of every table. Every table derives from the shapes (``api/shapes.py``):

- a resource's table (``meetings``) has exactly the columns of the API's CSV export
  (``api.tabular.table_of``), one row per published record, keyed by ``slug``; its CSV
  is what ``/api/v1/meetings.csv`` serves and its NDJSON what ``/api/v1/meetings.ndjson``
  serves, in slug order;
- each nested list of a shape (a meeting's ``participants``, a record's ``citations``)
  is a table of its own (``meeting_participants``): the parent's slug, the item's
  ``ordinal`` (its place in the list, from 1), and the item's fields, where an object
  (a participant's ``actor``) is its slug and an item that stands for a record (a topic,
  an actor of an audience) is that record's slug.

Records are read as an anonymous reader sees them (``diplomacy.visibility.PUBLIC``): no
draft or retracted record, none nested in a published one, and nothing that is not part
of the public shapes (users, tokens, history). A snapshot is written into a temporary
directory beside its final place and renamed there once complete.
"""

import datetime
import hashlib
import inspect
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone

from api.tabular import (
    CsvLines,
    TableColumn,
    as_json,
    columns_of,
    described,
    flat_row,
    key_getter,
    ndjson_lines,
    table_of,
)
from diplomacy import shapes
from diplomacy.changes import position
from diplomacy.models import Change
from diplomacy.projection import (
    Column,
    Context,
    Count,
    Field,
    Group,
    Link,
    Nested,
    Reference,
    Shape,
    as_date,
    read,
)
from diplomacy.visibility import PUBLIC

# The resource tables, by name, in the order the package lists them.
RESOURCES: dict[str, Shape] = shapes.RESOURCES
TABLE_OF_MODEL: dict[type[models.Model], str] = {
    shape.model: name for name, shape in RESOURCES.items()
}

VERSION_FORMAT = "%Y%m%dT%H%M%SZ"
VERSION_PATTERN = r"[0-9]{8}T[0-9]{6}Z"
PACKAGE = "datapackage.json"
DATABASE = "diplomacy.sqlite3"
DATABASE_TYPE = "application/vnd.sqlite3"
CSV_TYPE = "text/csv"
NDJSON_TYPE = "application/x-ndjson"
# Records read, rendered and written at a time: memory does not grow with the record.
BATCH = 500
# An export that a committed write overlapped is started again, this many times at most.
ATTEMPTS = 3
SQLITE_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "datetime": "TEXT",
    "array": "TEXT",
}
DESCRIPTION = (
    "The published records of the diplomacy event data API, as an anonymous reader sees "
    "them. Each resource table has the columns of the API's CSV export and one row per "
    "record; each nested list of a record (participants, citations, topics...) is a table "
    "of its own, keyed by the record's slug and the item's ordinal. Every table is given "
    "as CSV (RFC 4180, UTF-8; an empty cell is a null; text a spreadsheet would run as a "
    "formula starts with an apostrophe) and as NDJSON (x-files; values as the JSON API "
    "gives them), and all of them in one SQLite database (x-files)."
)


class SnapshotError(Exception):
    """An export that cannot be written (a version that exists, a malformed base URL)."""


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # its key is ``slug``


@dataclass(frozen=True)
class Table:
    """One table of a snapshot: its columns, keys, and how a rendered record gives its rows."""

    name: str
    description: str
    columns: tuple[TableColumn, ...]
    primary_key: tuple[str, ...]
    required: frozenset[str]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Callable[[dict], list[dict]]


# What a table says from its shape's declarations.


def model_field(model: type[models.Model], path: str) -> models.Field | None:
    """The field at ``path`` (through foreign keys), or None if a relation on the way is
    nullable: then the value may be null whatever the field says."""
    *relations, name = path.split("__")
    for relation in relations:
        field = model._meta.get_field(relation)
        if field.null:
            return None
        model = field.related_model
    return model._meta.get_field(name)


def referenced_table(model: type[models.Model], path: str) -> str | None:
    """The resource table a column at ``path`` names by slug (``source__slug``), if any."""
    *relations, name = path.split("__")
    if not relations or name != "slug":
        return None
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return TABLE_OF_MODEL.get(model)


def always_given(model: type[models.Model], field: Field, guaranteed: frozenset[str]) -> bool:
    """Whether the column(s) of ``field`` are never empty in a CSV (never null, never "").

    ``guaranteed`` holds the paths of references a nested list shows only when present
    (a participant's actor); any other reference may be hidden, and so null.
    """
    if isinstance(field, Link | Count):
        return True
    if isinstance(field, Reference):
        return field.path in guaranteed
    if isinstance(field, Column):
        if field.convert not in (None, as_date):
            return False  # a conversion may give null (blank_as_null)
        if field.doc is not None and field.doc.nullable:
            return False
        found = model_field(model, field.source)
        if found is None or found.null or isinstance(found, models.JSONField):
            return False
        return not (found.blank and isinstance(found, models.CharField | models.TextField))
    return False  # computed values (an undated record's interval) may be null


def requirements(shape: Shape) -> frozenset[str]:
    """The columns of a resource's table that always hold a value."""
    required = set()
    for field in shape.shown(detail=False):
        what = described(field, shape.model)
        names = [column.name for column in columns_of(field.name, what, key_getter(field.name))]
        if isinstance(field, Nested):
            # Its items joined may be empty; its JSON is a list, if only an empty one.
            required.update(name for name in names if name.endswith("_json"))
        elif isinstance(field, Group):
            given = [always_given(shape.model, sub, frozenset()) for sub in field.shape.fields]
            if len(given) == len(names):
                required.update(name for name, yes in zip(names, given, strict=True) if yes)
        elif always_given(shape.model, field, frozenset()):
            required.update(names)
    return frozenset(required)


def reference_keys(shape: Shape, names: Iterable[str]) -> tuple[ForeignKey, ...]:
    """Foreign keys of a resource's table: the slugs of the records it refers to."""
    names = set(names)
    keys = []
    for field in shape.shown(detail=False):
        if isinstance(field, Reference):
            column = field.name if field.flat else f"{field.name}_{field.shape.fields[0].name}"
            target = TABLE_OF_MODEL.get(field.shape.model)
        elif isinstance(field, Column):
            column, target = field.name, referenced_table(shape.model, field.source)
        else:
            continue
        if target is not None and column in names:
            keys.append(ForeignKey(column, target))
    return tuple(keys)


def resource_table(name: str, shape: Shape) -> Table:
    columns = table_of(shape)
    return Table(
        name=name,
        description=shape.doc or inspect.getdoc(shape.model) or "",
        columns=columns,
        primary_key=("slug",),
        required=requirements(shape) | {"slug"},
        foreign_keys=reference_keys(shape, (column.name for column in columns)),
        rows=lambda record: [record],
    )


def slug_of_object(name: str, first: str) -> Callable[[dict], str | None]:
    def get(item: dict):
        value = item[name]
        return None if value is None else value[first]

    return get


def item_columns(nested: Nested) -> tuple[list[TableColumn], list, set[str], list[ForeignKey]]:
    """The columns of a nested list's items: each column, how an item gives its value,
    those always given, and the foreign keys."""
    guaranteed = frozenset(path for _, path in nested.requires)
    target = TABLE_OF_MODEL.get(nested.shape.model)
    if nested.path and target is not None:
        # Each item stands for a record of a resource table (an audience's actor, a
        # topic): the item is that record's slug.
        name = nested.path.removesuffix("__").split("__")[-1]
        first = nested.shape.fields[0].name
        get = (lambda item: item) if nested.flat else (lambda item: item[first])
        column = TableColumn(name, "string", f"Slug of the {name}; see the {target} table.", None)
        return [column], [get], {name}, [ForeignKey(name, target)]
    columns, getters, required, keys = [], [], set(), []
    model = nested.shape.model
    for field in nested.shape.fields:
        what = described(field, model)
        name, kind, fmt, enum = field.name, "string", "default", ()
        description = what.description or name
        get = key_getter(name)
        reference = None
        if what.shape is not None and not what.many:  # an object: its slug
            first = what.shape.fields[0].name
            get = slug_of_object(name, first)
            if isinstance(field, Reference):
                reference = TABLE_OF_MODEL.get(field.shape.model)
            description = f"Slug of the {name}" + (
                f"; see the {reference} table." if reference else "."
            )
        elif what.many:
            kind, get = "array", as_json(get)
        else:
            kind, fmt, enum = what.type, what.format, what.enum
            if isinstance(field, Reference) and field.flat:
                reference = TABLE_OF_MODEL.get(field.shape.model)
            elif isinstance(field, Column):
                reference = referenced_table(model, field.source)
        columns.append(TableColumn(name, kind, description, None, fmt, enum))
        getters.append(get)
        if always_given(model, field, guaranteed):
            required.add(name)
        if reference is not None:
            keys.append(ForeignKey(name, reference))
    return columns, getters, required, keys


def child_table(parent_table: str, parent_shape: Shape, nested: Nested) -> Table:
    """The table of one nested list of a resource: one row per item, in the list's order."""
    parent = parent_shape.name.lower()
    items, getters, required, keys = item_columns(nested)
    if parent in {column.name for column in items} or "ordinal" in {c.name for c in items}:
        raise AssertionError(f"{parent}_{nested.name}: an item's field is named as a key")
    columns = (
        TableColumn(parent, "string", f"Slug of the {parent}; see the {parent_table} table.", None),
        TableColumn(
            "ordinal",
            "integer",
            f"The item's place in the {parent}'s {nested.name} as the API lists them, from 1.",
            None,
        ),
        *items,
    )
    # Every column reads its cell from the row built below, under its own name.
    columns = tuple(
        TableColumn(c.name, c.type, c.description, key_getter(c.name), c.format, c.enum)
        for c in columns
    )
    names = [column.name for column in items]
    list_name = nested.name

    def rows(record: dict) -> list[dict]:
        return [
            {
                parent: record["slug"],
                "ordinal": ordinal,
                **{name: get(item) for name, get in zip(names, getters, strict=True)},
            }
            for ordinal, item in enumerate(record[list_name], start=1)
        ]

    return Table(
        name=f"{parent}_{nested.name}",
        description=f"The {nested.name} of each {parent}, one row per item in the API's order.",
        columns=columns,
        primary_key=(parent, "ordinal"),
        required=frozenset({parent, "ordinal", *required}),
        foreign_keys=(ForeignKey(parent, parent_table), *keys),
        rows=rows,
    )


def tables_of(name: str, shape: Shape) -> tuple[Table, ...]:
    """A resource's table, then one per nested list of its records."""
    children = tuple(
        child_table(name, shape, field)
        for field in shape.shown(detail=False)
        if isinstance(field, Nested)
    )
    return (resource_table(name, shape), *children)


def all_tables() -> dict[str, tuple[Table, ...]]:
    return {name: tables_of(name, shape) for name, shape in RESOURCES.items()}


# The Table Schema of a table, and its SQLite definition.


def table_schema(table: Table) -> dict:
    fields = []
    for column in table.columns:
        field = {"name": column.name, "type": column.type}
        if column.format != "default":
            field["format"] = column.format
        if column.description:
            field["description"] = column.description
        constraints = {}
        if column.name in table.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = list(column.enum)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
        "foreignKeys": [
            {"fields": [key.column], "reference": {"resource": key.table, "fields": ["slug"]}}
            for key in table.foreign_keys
        ],
    }


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sqlite_definition(table: Table) -> list[str]:
    """CREATE TABLE (typed columns, keys, enum checks), then an index per foreign key."""
    references = {key.column: key.table for key in table.foreign_keys}
    lines = []
    for column in table.columns:
        line = f"{quoted(column.name)} {SQLITE_TYPES[column.type]}"
        if column.name in table.required:
            line += " NOT NULL"
        if column.name in references:
            line += f" REFERENCES {quoted(references[column.name])} ({quoted('slug')})"
        if column.enum:
            line += f" CHECK ({quoted(column.name)} IN ({', '.join(map(literal, column.enum))}))"
        lines.append(line)
    lines.append(f"PRIMARY KEY ({', '.join(map(quoted, table.primary_key))})")
    statements = [f"CREATE TABLE {quoted(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"]
    for key in table.foreign_keys:
        if key.column != table.primary_key[0]:  # the primary key's index serves that one
            statements.append(
                f"CREATE INDEX {quoted(f'{table.name}_{key.column}')} "
                f"ON {quoted(table.name)} ({quoted(key.column)})"
            )
    return statements


def stored(value):
    """A cell as SQLite keeps it: dates as ISO 8601 text, booleans as 0 or 1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return value


# Writing a snapshot.


class TableWriter:
    """Writes one table's rows to its CSV and NDJSON files and its SQLite table."""

    def __init__(self, table: Table, directory: Path, database: sqlite3.Connection):
        self.table = table
        self.database = database
        self.csv_path = directory / f"{table.name}.csv"
        self.ndjson_path = directory / f"{table.name}.ndjson"
        self.csv = self.csv_path.open("wb")
        self.ndjson = self.ndjson_path.open("wb")
        self.lines = CsvLines(table.columns)
        self.csv.write(self.lines.header().encode())
        marks = ", ".join("?" for _ in table.columns)
        self.insert = f"INSERT INTO {quoted(table.name)} VALUES ({marks})"
        self.count = 0

    def write(self, records: list[dict]) -> None:
        rows = [row for record in records for row in self.table.rows(record)]
        self.csv.write(self.lines.rows(rows).encode())
        self.ndjson.write(ndjson_lines(rows))
        self.database.executemany(
            self.insert,
            ([stored(value) for value in flat_row(self.table.columns, row)] for row in rows),
        )
        self.count += len(rows)

    def close(self) -> None:
        self.csv.close()
        self.ndjson.close()


def published_keys(shape: Shape, using: str):
    """The primary keys of the published records, in slug order, read a batch at a time."""
    records = PUBLIC.restrict(shape.model._default_manager.using(using).all())
    return records.order_by("slug").values_list("pk", flat=True).iterator(chunk_size=BATCH)


def write_tables(directory: Path, context: Context, using: str) -> dict[str, int]:
    """Every table into ``directory``; the number of rows of each."""
    database = sqlite3.connect(directory / DATABASE)
    counts = {}
    try:
        for name, tables in all_tables().items():
            for table in tables:
                for statement in sqlite_definition(table):
                    database.execute(statement)
            writers = [TableWriter(table, directory, database) for table in tables]
            try:
                keys = published_keys(RESOURCES[name], using)
                while batch := list(itertools.islice(keys, BATCH)):
                    records = read(RESOURCES[name], batch, context, using=using)
                    for writer in writers:
                        writer.write(records)
            finally:
                for writer in writers:
                    writer.close()
            counts |= {writer.table.name: writer.count for writer in writers}
        database.commit()
        broken = database.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise SnapshotError(f"Rows refer to records missing from the snapshot: {broken[:5]}")
        database.execute("VACUUM")
    finally:
        database.close()
    return counts


def file_entry(path: Path, media_type: str, fmt: str) -> dict:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return {
        "path": path.name,
        "format": fmt,
        "mediatype": media_type,
        "bytes": size,
        "hash": f"sha256:{digest.hexdigest()}",
    }


def package(
    directory: Path, version: str, created: str, base_url: str, counts: dict, since: int
) -> dict:
    """The Tabular Data Package describing the files written into ``directory``."""
    resources, files = [], []
    for tables in all_tables().values():
        for table in tables:
            entry = file_entry(directory / f"{table.name}.csv", CSV_TYPE, "csv")
            resources.append(
                {
                    "name": table.name,
                    "profile": "tabular-data-resource",
                    "description": table.description,
                    "path": entry["path"],
                    "format": "csv",
                    "mediatype": CSV_TYPE,
                    "encoding": "utf-8",
                    "bytes": entry["bytes"],
                    "hash": entry["hash"],
                    "x-rows": counts[table.name],
                    "schema": table_schema(table),
                }
            )
            ndjson = file_entry(directory / f"{table.name}.ndjson", NDJSON_TYPE, "ndjson")
            files.append({**ndjson, "encoding": "utf-8", "x-resource": table.name})
    files.append(
        {
            **file_entry(directory / DATABASE, DATABASE_TYPE, "sqlite"),
            "description": "Every table in one SQLite database, with its keys and indexes.",
        }
    )
    return {
        "profile": "tabular-data-package",
        "name": "diplomacy-events",
        "title": "Diplomacy event data: the published record",
        "description": DESCRIPTION,
        "version": version,
        "created": created,
        "licenses": [dict(settings.SNAPSHOT_LICENSE)],
        "sources": [{"title": "Diplomacy event data API", "path": f"{base_url}/api/v1/"}],
        "resources": resources,
        "x-files": files,
        # Where the change feed takes up after this snapshot: load it, then sync from here.
        "x-changes-since": since,
        "x-changes-url": f"{base_url}/api/v1/changes/?since={since}",
    }


def checked_base_url(base_url: str) -> str:
    """The API's scheme and host (and path prefix, if any), without a trailing slash."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SnapshotError(f"The base URL must be http(s)://host[:port], not {base_url!r}.")
    return base_url.rstrip("/")


def last_change(using: str) -> int:
    """The id of the change feed's last entry: the snapshot holds every change up to it."""
    return position(using)


def export_snapshot(
    *, root: Path, base_url: str, now: datetime.datetime | None = None, using: str = "default"
) -> Path:
    """Write a new snapshot under ``root`` and return its directory.

    Its version is the UTC time of ``now``; a version that exists is refused. The files
    are written into a temporary directory beside it, renamed into place when complete;
    an export that a change to the public record overlapped (the change feed moved) starts
    again, so that every table shows the same state of the records; drafts never move it.
    """
    base_url = checked_base_url(base_url)
    now = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    version = now.strftime(VERSION_FORMAT)
    root = Path(root)
    target = root / version
    if target.exists():
        raise SnapshotError(f"Snapshot {version} exists already; it is never overwritten.")
    root.mkdir(parents=True, exist_ok=True)
    context = Context(visibility=PUBLIC, zone=timezone.get_current_timezone(), root=base_url)
    for _ in range(ATTEMPTS):
        temporary = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
        try:
            since = last_change(using)
            counts = write_tables(temporary, context, using)
            if last_change(using) != since:
                shutil.rmtree(temporary)
                continue
            created = now.isoformat().replace("+00:00", "Z")
            manifest = package(temporary, version, created, base_url, counts, since)
            (temporary / PACKAGE).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
            os.chmod(temporary, 0o755)  # mkdtemp's directory is its owner's alone
            if target.exists():
                raise SnapshotError(f"Snapshot {version} was written meanwhile.")
            os.rename(temporary, target)
            prune(root, settings.SNAPSHOT_KEEP)
            return target
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    raise SnapshotError(
        f"The records changed during each of {ATTEMPTS} attempts; try again when writes pause."
    )


def prune(root: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` snapshots; return the versions removed."""
    versions = sorted(
        (path.name for path in Path(root).iterdir() if re.fullmatch(VERSION_PATTERN, path.name)),
        reverse=True,
    )
    for version in versions[keep:]:
        shutil.rmtree(Path(root) / version, ignore_errors=True)
    return versions[keep:]


def last_removal(using: str = "default") -> int:
    """The change feed's last entry that removed something from public view: a record, or
    a row a record nested (0: none yet)."""
    removals = Change.objects.using(using).filter(removes=True)
    return removals.aggregate(last=Max("id"))["last"] or 0


def current(package: dict | None, removed: int) -> bool:
    """Whether a snapshot may be served: nothing it holds (a record, or a participant,
    citation, vote, topic or post of one) has left public view since it was written. Once
    something has, the snapshot is withdrawn, as the row is; the next export writes a
    current one."""
    if package is None:
        return False
    since = package.get("x-changes-since")
    return isinstance(since, int) and since >= removed


def latest_snapshot(root: Path) -> Path | None:
    """The newest complete snapshot under ``root`` (an export in progress is hidden)."""
    try:
        found = [
            path
            for path in Path(root).iterdir()
            if re.fullmatch(VERSION_PATTERN, path.name) and (path / PACKAGE).is_file()
        ]
    except OSError:
        return None
    return max(found, key=lambda path: path.name, default=None)


def is_current(directory: Path, using: str = "default") -> bool:
    """Whether the snapshot holds every change the feed lists: nothing new to export."""
    written = orjson.loads((directory / PACKAGE).read_bytes()).get("x-changes-since")
    return written is not None and written == last_change(using)


def is_withdrawn(directory: Path, using: str = "default") -> bool:
    """Whether something the snapshot holds has left public view since it was written."""
    package = orjson.loads((directory / PACKAGE).read_bytes())
    return not current(package, last_removal(using))
