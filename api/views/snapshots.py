"""Bulk snapshots: the list, one snapshot, and its files (``api/snapshot_export.py`` writes
them; ``manage.py export_snapshot`` runs it).

What the API knows of a snapshot is its ``datapackage.json``: a directory without one (an
export in progress has a temporary name anyway) is not a snapshot, and a file it does not
list is not served.
"""

import functools
import hashlib
import os
import re
from pathlib import Path

import orjson
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.urls import re_path
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.parameters import TakesNoQueryParameters
from api.schema import AUTH_ERRORS, LIST_ERRORS, SERVICE_ERRORS, ProblemAutoSchema
from api.snapshot_export import (
    CSV_TYPE,
    DATABASE_TYPE,
    NDJSON_TYPE,
    PACKAGE,
    VERSION_PATTERN,
    current,
    last_removal,
)

LATEST = "latest"
VERSION = rf"(?P<version>{VERSION_PATTERN}|{LATEST})"
FILENAME = r"(?P<filename>[a-z0-9_]{1,64}\.(?:csv|ndjson|json|sqlite3))"
PACKAGE_TYPE = "application/json"
TEXT_TYPES = (CSV_TYPE, NDJSON_TYPE, PACKAGE_TYPE)
# A version's files never change, but a version is withdrawn once a record it holds is
# retracted (``current``): caches ask again each time, and the ETag answers 304.
REVALIDATE = "no-cache"


class SnapshotFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name in the snapshot.")
    table = serializers.CharField(
        allow_null=True, help_text="The table it holds; null for the SQLite database (all)."
    )
    bytes = serializers.IntegerField(help_text="Its size.")
    sha256 = serializers.CharField(help_text="The SHA-256 digest of its bytes, in hex.")
    media_type = serializers.CharField()
    url = serializers.URLField(help_text="Where to download it.")


class SnapshotSerializer(serializers.Serializer):
    """A bulk snapshot of the published records, described by its data package."""

    version = serializers.CharField(help_text="The UTC time of the export, as 20261202T131500Z.")
    created_at = serializers.DateTimeField()
    url = serializers.URLField(help_text="This snapshot in the API.")
    datapackage_url = serializers.URLField(
        help_text="Its Frictionless Tabular Data Package (datapackage.json): every table's "
        "columns, types, keys, size and digest."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="The number of rows of each table."
    )
    files = SnapshotFileSerializer(many=True, help_text="The files the data package lists.")
    changes_since = serializers.IntegerField(
        allow_null=True,
        help_text="The change feed's last entry the snapshot holds: after loading it, sync "
        "from /api/v1/changes/?since=<this>.",
    )


def snapshot_root() -> Path:
    return Path(settings.SNAPSHOT_ROOT)


@functools.lru_cache(maxsize=64)
def parsed(path: str, modified: int, size: int) -> dict:
    """A data package's contents; read again only when the file changes."""
    with open(path, "rb") as stream:
        return orjson.loads(stream.read())


def manifest(version: str) -> dict | None:
    """The data package of the snapshot ``version``, or None when there is none."""
    path = snapshot_root() / version / PACKAGE
    try:
        status = path.stat()
        return parsed(str(path), status.st_mtime_ns, status.st_size)
    except (OSError, ValueError):
        return None


def on_disk() -> list[str]:
    """The newest ``SNAPSHOT_KEEP`` versions on disk (all an export leaves), newest first.
    Its cost does not grow with the directories left beside them."""
    try:
        names = [entry.name for entry in os.scandir(snapshot_root())]
    except OSError:
        return []
    found = sorted((name for name in names if re.fullmatch(VERSION_PATTERN, name)), reverse=True)
    return found[: settings.SNAPSHOT_KEEP]


def versions() -> list[str]:
    """The versions of the snapshots served, newest first: those on disk still current."""
    removed = last_removal()
    return [name for name in on_disk() if current(manifest(name), removed)]


class SnapshotPending(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The latest snapshot held a record or row that has left public view since; a new "
        "one is being written. Try again shortly."
    )

    def __init__(self):
        super().__init__()
        self.wait = settings.SNAPSHOT_WATCH_SECONDS


def resolve(version: str) -> tuple[str, dict]:
    """A version (``latest``: the newest current one) and its data package; 404 when there
    is none, and for ``latest`` 503 while the newest awaits its replacement."""
    if version == LATEST:
        newest = versions()
        if not newest:
            if on_disk():
                raise SnapshotPending()
            raise NotFound()
        version = newest[0]
    package = manifest(version) if re.fullmatch(VERSION_PATTERN, version) else None
    if not current(package, last_removal()):
        raise NotFound()
    return version, package


def listed_files(package: dict) -> dict[str, dict]:
    """The files a data package lists, by name: its resources, then its other files."""
    files = {}
    for entry in [*package.get("resources", ()), *package.get("x-files", ())]:
        name, digest = entry.get("path"), entry.get("hash", "")
        if not isinstance(name, str) or not re.fullmatch(FILENAME, name):
            continue  # only plain names this API can serve
        files[name] = {
            "name": name,
            "table": entry.get("name", entry.get("x-resource")),
            "bytes": entry.get("bytes"),
            "sha256": digest.removeprefix("sha256:"),
            "media_type": entry.get("mediatype"),
        }
    return files


def represent(version: str, package: dict, request) -> dict:
    def url(filename: str) -> str:
        return reverse(
            "api:snapshot-file", kwargs={"version": version, "filename": filename}, request=request
        )

    return {
        "version": version,
        "created_at": package.get("created"),
        "url": reverse("api:snapshot", kwargs={"version": version}, request=request),
        "datapackage_url": url(PACKAGE),
        "counts": {
            resource["name"]: resource.get("x-rows") for resource in package.get("resources", ())
        },
        "files": [{**entry, "url": url(name)} for name, entry in listed_files(package).items()],
        "changes_since": package.get("x-changes-since"),
    }


class SnapshotSchema(ProblemAutoSchema):
    def get_error_responses(self) -> dict[int, str]:
        errors = {400: "This address takes no query parameters.", 406: LIST_ERRORS[406]}
        not_found = getattr(self.view, "not_found", None)
        if not_found:
            errors[404] = not_found
        return {**errors, **AUTH_ERRORS, **SERVICE_ERRORS}


class SnapshotView(TakesNoQueryParameters, APIView):
    """Reads snapshots as their data packages describe them."""

    schema = SnapshotSchema()
    not_found = ""


VERSION_PARAMETER = OpenApiParameter(
    "version",
    str,
    OpenApiParameter.PATH,
    pattern=f"^(?:{VERSION_PATTERN}|{LATEST})$",
    description="A snapshot's version, or `latest` for the newest.",
)
SNAPSHOT_NOT_FOUND = "No snapshot has this version (`latest`: there is none yet)."
LATEST_PENDING = {
    503: "The database is unavailable; or, for `latest`, the newest snapshot held a record "
    "or row that has since left public view and its replacement is being written. "
    "`Retry-After` says when to try again."
}


class SnapshotListView(SnapshotView):
    """The bulk snapshots of the published records, newest first."""

    @extend_schema(
        tags=["snapshots"],
        summary="List snapshots",
        operation_id="snapshots_list",
        description="Bulk snapshots of every published record, newest first: CSV, NDJSON and "
        "SQLite files with a Frictionless data package describing them. An empty list "
        "when none has been exported.",
        responses=SnapshotSerializer(many=True),
    )
    def get(self, request):
        return Response([represent(version, manifest(version), request) for version in versions()])


class SnapshotDetailView(SnapshotView):
    """One bulk snapshot: its files and row counts."""

    not_found = SNAPSHOT_NOT_FOUND
    error_descriptions = LATEST_PENDING

    @extend_schema(
        tags=["snapshots"],
        summary="One snapshot",
        operation_id="snapshots_retrieve",
        description="A snapshot's files with their sizes and digests, and its row counts; "
        "`latest` is the newest snapshot.",
        parameters=[VERSION_PARAMETER],
        responses=SnapshotSerializer,
    )
    def get(self, request, version: str):
        return Response(represent(*resolve(version), request))


class FirstRenderer(BaseContentNegotiation):
    """A file is what it is, whatever Accept asks for; an error is answered as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def binary(description: str) -> OpenApiResponse:
    return OpenApiResponse(OpenApiTypes.BINARY, description=description)


class SnapshotFileView(SnapshotView):
    """A file of a bulk snapshot, streamed as an attachment."""

    content_negotiation_class = FirstRenderer
    not_found = f"{SNAPSHOT_NOT_FOUND} Or the snapshot lists no file of this name."
    error_descriptions = LATEST_PENDING

    @extend_schema(
        tags=["snapshots"],
        summary="A file of a snapshot",
        operation_id="snapshots_file_retrieve",
        description="One of the files the snapshot's data package lists, or the data package "
        "itself (`datapackage.json`), as an attachment. Its `ETag` is its SHA-256 digest.",
        parameters=[
            VERSION_PARAMETER,
            OpenApiParameter(
                "filename",
                str,
                OpenApiParameter.PATH,
                pattern=f"^{FILENAME.replace('?P<filename>', '')}$",
                description="A file name the data package lists, or `datapackage.json`.",
            ),
        ],
        responses={
            (200, CSV_TYPE): binary("A table as CSV."),
            (200, NDJSON_TYPE): binary("A table as NDJSON."),
            (200, DATABASE_TYPE): binary("Every table in one SQLite database."),
            (200, PACKAGE_TYPE): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The Frictionless data package."
            ),
        },
    )
    def get(self, request, version: str, filename: str):
        version, package = resolve(version)
        directory = snapshot_root() / version
        path = directory / filename
        if filename == PACKAGE:
            media_type, digest = PACKAGE_TYPE, hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entry = listed_files(package).get(filename)
            if entry is None or not path.is_file() or path.resolve().parent != directory.resolve():
                raise NotFound()
            media_type, digest = entry["media_type"], entry["sha256"]
        if media_type in TEXT_TYPES:
            media_type += "; charset=utf-8"
        if settings.NGINX_SENDS_FILES:
            # The proxy in front sends the file itself: no gunicorn thread streams it.
            response = HttpResponse(content_type=media_type)
            response["X-Accel-Redirect"] = (
                f"{settings.SNAPSHOT_DOWNLOAD_PREFIX}{version}/{filename}"
            )
            response["Content-Disposition"] = content_disposition_header(True, filename)
        else:
            response = FileResponse(
                path.open("rb"), as_attachment=True, filename=filename, content_type=media_type
            )
        response["ETag"] = f'"{digest}"'
        response["Cache-Control"] = REVALIDATE
        return response


urlpatterns = [
    re_path(r"^snapshots/$", SnapshotListView.as_view(), name="snapshots"),
    re_path(rf"^snapshots/{VERSION}/$", SnapshotDetailView.as_view(), name="snapshot"),
    re_path(rf"^snapshots/{VERSION}/{FILENAME}$", SnapshotFileView.as_view(), name="snapshot-file"),
]
