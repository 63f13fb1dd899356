"""Bulk snapshots: what `manage.py export_snapshot` writes, and how the API serves it.

One snapshot of the seed data is exported per module and read back three ways (the
data package with frictionless, the CSV files with the csv module, the SQLite file with
sqlite3), each compared with what the API itself serves. The publication boundary is
checked on a snapshot of its own, exported after hidden records are linked to
published ones every way they can be.
"""

import csv
import hashlib
import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import frictionless
import orjson
import pytest
from django.core.management import CommandError, call_command

from api import snapshot_export
from api.snapshot_export import SnapshotError, export_snapshot
from api.tabular import cell
from api.views import snapshots as snapshot_views
from diplomacy import services
from diplomacy.choices import ParticipantRole
from diplomacy.models import Actor, Change, Meeting, Position, Topic
from diplomacy.visibility import CURATED_MODELS
from tests.api.helpers import assert_problem
from tests.api.test_publication_boundary import HIDDEN_VALUE, TAGS, hidden_world
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"  # the test client's host: the records' `url`s match
RESOURCES = ["actors", "meetings", "statements", "resolutions", "figures", "sources", "topics"]
TABLES = {
    *RESOURCES,
    "actor_positions",
    "meeting_participants",
    "meeting_topics",
    "meeting_citations",
    "statement_audience",
    "statement_topics",
    "statement_citations",
    "resolution_sponsors",
    "resolution_votes",
    "resolution_topics",
    "resolution_citations",
    "figure_citations",
}


def export(root: Path) -> Path:
    out = StringIO()
    call_command("export_snapshot", "--base-url", BASE_URL, "--root", str(root), stdout=out)
    return Path(out.getvalue().strip())


@pytest.fixture(scope="module")
def snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A snapshot of the seed data, shared by the module's tests (which only read it)."""
    with django_db_blocker.unblock():
        return export(tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def package(snapshot) -> dict:
    return json.loads((snapshot / "datapackage.json").read_bytes())


@pytest.fixture
def served(settings, snapshot, tmp_path) -> Path:
    """A copy of the snapshot in the served SNAPSHOT_ROOT, for tests that add to it."""
    settings.SNAPSHOT_ROOT = tmp_path / "served"
    return Path(shutil.copytree(snapshot, settings.SNAPSHOT_ROOT / snapshot.name))


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    return header, rows


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def ndjson(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def by_slug(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda record: record["slug"])


def sqlite_rows(database: Path, table: str) -> tuple[list[str], list[tuple]]:
    with sqlite3.connect(database) as connection:
        cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        return [column[0] for column in cursor.description], cursor.fetchall()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The files and their description.


def test_the_snapshot_is_a_valid_tabular_data_package(snapshot, package):
    report = frictionless.validate(snapshot / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert package["profile"] == "tabular-data-package"
    assert package["version"] == snapshot.name
    assert package["licenses"] == [{"name": "other-at", "title": "Data: see each source's terms"}]
    assert package["sources"][0]["path"] == f"{BASE_URL}/api/v1/"
    assert {resource["name"] for resource in package["resources"]} == TABLES
    participants = next(r for r in package["resources"] if r["name"] == "meeting_participants")
    schema = participants["schema"]
    assert [field["name"] for field in schema["fields"]] == [
        "meeting",
        "ordinal",
        "actor",
        "role",
        "title",
        "identification",
        "identification_note",
        "attestation",
        "attestation_note",
        "named_in_source",
        "named_in_start",
        "named_in_end",
    ]
    assert schema["primaryKey"] == ["meeting", "ordinal"]
    assert {(key["fields"][0], key["reference"]["resource"]) for key in schema["foreignKeys"]} == {
        ("meeting", "meetings"),
        ("actor", "actors"),
    }
    role = next(field for field in schema["fields"] if field["name"] == "role")
    assert role["constraints"] == {"required": True, "enum": ParticipantRole.values}


def test_frictionless_checks_the_foreign_keys(snapshot, tmp_path):
    """A participant naming an actor the snapshot does not hold makes the package invalid."""
    copy = Path(shutil.copytree(snapshot, tmp_path / "copy"))
    path = copy / "meeting_participants.csv"
    header, rows = read_csv(path.read_bytes())
    rows[0][header.index("actor")] = "zq-nobody"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows([header, *rows])
    described = json.loads((copy / "datapackage.json").read_bytes())
    for resource in described["resources"]:
        if resource["name"] == "meeting_participants":
            resource["bytes"] = path.stat().st_size
            resource["hash"] = f"sha256:{digest(path.read_bytes())}"
    (copy / "datapackage.json").write_text(json.dumps(described))
    report = frictionless.validate(copy / "datapackage.json")
    assert not report.valid
    assert {error[0] for error in report.flatten(["type"])} == {"foreign-key"}


def test_the_manifest_gives_every_file_its_size_and_digest(snapshot, package):
    listed = [*package["resources"], *package["x-files"]]
    for entry in listed:
        data = (snapshot / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data), entry["path"]
        assert entry["hash"] == f"sha256:{digest(data)}", entry["path"]
    names = {entry["path"] for entry in listed}
    assert names == {
        *(f"{table}.csv" for table in TABLES),
        *(f"{table}.ndjson" for table in TABLES),
        "diplomacy.sqlite3",
    }
    assert {path.name for path in snapshot.iterdir()} == names | {"datapackage.json"}


def test_each_resource_table_is_what_the_api_exports(api, snapshot):
    for name in RESOURCES:
        response = api.get(f"/api/v1/{name}.csv")
        assert response.status_code == 200, name
        header, rows = read_csv(body(response))
        snapshot_header, snapshot_rows = read_csv((snapshot / f"{name}.csv").read_bytes())
        assert snapshot_header == header, name
        assert sorted(snapshot_rows) == sorted(rows), name
        assert rows, name

        response = api.get(f"/api/v1/{name}.ndjson")
        assert response.status_code == 200, name
        records = ndjson(body(response))
        assert by_slug(ndjson((snapshot / f"{name}.ndjson").read_bytes())) == by_slug(records)


def test_the_sqlite_tables_hold_what_the_csv_files_hold(snapshot):
    database = snapshot / "diplomacy.sqlite3"
    with sqlite3.connect(database) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        columns = {row[1]: row for row in connection.execute("PRAGMA table_info(figures)")}
        assert columns["value"][2] == "INTEGER" and columns["value"][3] == 1  # NOT NULL
        assert columns["slug"][5] == 1  # the primary key
        keys = connection.execute("PRAGMA foreign_key_list(meeting_participants)").fetchall()
        assert {(key[3], key[2], key[4]) for key in keys} == {
            ("meeting", "meetings", "slug"),
            ("actor", "actors", "slug"),
        }
        indexed = {
            row[2]
            for index in connection.execute("PRAGMA index_list(meeting_participants)")
            for row in connection.execute(f'PRAGMA index_info("{index[1]}")')
        }
        assert {"meeting", "actor"} <= indexed
    assert tables == TABLES
    for table in TABLES:
        names, rows = sqlite_rows(database, table)
        header, csv_rows = read_csv((snapshot / f"{table}.csv").read_bytes())
        assert names == header, table
        assert [[cell(value) for value in row] for row in rows] == csv_rows, table


def test_child_tables_hold_the_nested_lists_of_the_json(api, snapshot, package):
    database = snapshot / "diplomacy.sqlite3"
    checked = set()
    for resource in package["resources"]:
        schema = resource["schema"]
        if schema["primaryKey"] == ["slug"]:
            continue
        parent, _ = schema["primaryKey"]
        (parent_table,) = (
            key["reference"]["resource"]
            for key in schema["foreignKeys"]
            if key["fields"] == [parent]
        )
        listed = resource["name"].removeprefix(f"{parent}_")
        names, rows = sqlite_rows(database, resource["name"])
        expected = []
        for record in ndjson(body(api.get(f"/api/v1/{parent_table}.ndjson"))):
            for ordinal, item in enumerate(record[listed], start=1):
                row = [record["slug"], ordinal]
                for name in names[2:]:
                    if isinstance(item, str):  # a topic's slug
                        value = item
                    elif name in item:  # an item's field; an object (an actor) by its slug
                        value = item[name]["slug"] if isinstance(item[name], dict) else item[name]
                    else:  # the item is an actor itself (an audience, the sponsors)
                        value = item["slug"]
                    if isinstance(value, list):  # a list of its own (a post's citations)
                        value = orjson.dumps(value).decode()
                    row.append(value)
                expected.append(tuple(row))
        assert sorted(rows) == sorted(expected), resource["name"]
        checked.add(resource["name"])
    assert checked == TABLES - set(RESOURCES)


# The publication boundary.


def test_nothing_unpublished_reaches_a_snapshot(tmp_path):
    for status in TAGS:
        hidden_world(status)
    from knox.models import AuthToken

    user = make_user("zqsnapshot-curator", groups=["curators"])
    token_record, token = AuthToken.objects.create(user=user)
    unicode_name = "Cessez-le-feu – 停火 «ü» 🕊"
    Topic.objects.create(
        slug="zq-unicode-topic",
        name=unicode_name,
        description="=SUM(A1) is not a formula",
        status="published",
    )
    # A draft actor that takes part in a published meeting, as hidden_world left it.
    assert Meeting.objects.get(slug="wang-yi-cohen-call").participants.filter(
        slug="zqdraft-actor", status="draft"
    )
    assert Actor.objects.filter(status="retracted").exists()

    directory = export(tmp_path)

    forbidden = [
        *(tag.encode() for tag in TAGS.values()),
        b"zqsnapshot-curator",
        token.encode(),
        token_record.digest.encode(),
        token_record.token_key.encode(),
    ]
    digests = [
        seed_digest.encode()
        for model in CURATED_MODELS
        for seed_digest in model.objects.exclude(seed_digest="").values_list(
            "seed_digest", flat=True
        )
    ]
    assert digests
    with sqlite3.connect(directory / "diplomacy.sqlite3") as connection:
        dump = "\n".join(connection.iterdump()).encode()
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        topic = connection.execute(
            "SELECT name, description FROM topics WHERE slug = 'zq-unicode-topic'"
        ).fetchone()
    assert tables == TABLES  # no auth_user, no knox, no historical tables
    for path in [*directory.iterdir(), Path("sqlite dump")]:
        data = dump if path.name == "sqlite dump" else path.read_bytes()
        for value in forbidden:
            assert value not in data.lower(), (path.name, value)
        for value in digests:
            assert value not in data, (path.name, "a seed digest")
        assert str(HIDDEN_VALUE).encode() not in data, path.name
    described = json.loads((directory / "datapackage.json").read_bytes())
    for resource in described["resources"]:
        names = {field["name"] for field in resource["schema"]["fields"]}
        assert not names & {"id", "seed_digest", "seeded_at", "retraction_reason"}, names
    report = frictionless.validate(directory / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])

    # Unicode survives every format; the CSV neutralises a formula, the others keep it.
    assert topic == (unicode_name, "=SUM(A1) is not a formula")
    header, rows = read_csv((directory / "topics.csv").read_bytes())
    row = next(row for row in rows if row[0] == "zq-unicode-topic")
    assert row[header.index("name")] == unicode_name
    assert row[header.index("description")] == "'=SUM(A1) is not a formula"
    (record,) = [
        r for r in ndjson((directory / "topics.ndjson").read_bytes()) if r["name"] == unicode_name
    ]
    assert record["slug"] == "zq-unicode-topic"


# Writing safely.


def test_a_version_is_never_overwritten(tmp_path):
    now = datetime(2026, 12, 2, 13, 15, tzinfo=UTC)
    existing = tmp_path / "20261202T131500Z"
    existing.mkdir()
    (existing / "datapackage.json").write_text("{}")
    with pytest.raises(SnapshotError, match="exists already"):
        export_snapshot(root=tmp_path, base_url=BASE_URL, now=now)
    assert [path.name for path in tmp_path.iterdir()] == ["20261202T131500Z"]
    assert (existing / "datapackage.json").read_text() == "{}"


def test_a_failed_export_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshot_export, "package", fail)
    with pytest.raises(RuntimeError):
        export_snapshot(root=tmp_path, base_url=BASE_URL)
    assert list(tmp_path.iterdir()) == []


def test_an_export_that_writes_overlap_is_started_again_then_given_up(tmp_path, monkeypatch):
    versions, attempts = iter(range(100)), []

    def write_tables(directory, context, using):
        attempts.append(directory)
        return {}

    monkeypatch.setattr(snapshot_export, "last_change", lambda using: next(versions))
    monkeypatch.setattr(snapshot_export, "write_tables", write_tables)
    with pytest.raises(SnapshotError, match="changed"):
        export_snapshot(root=tmp_path, base_url=BASE_URL)
    assert len(attempts) == snapshot_export.ATTEMPTS
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_a_base_url_that_is_not_http(tmp_path):
    with pytest.raises(CommandError, match="base URL"):
        call_command("export_snapshot", "--base-url", "ftp://example.org", "--root", str(tmp_path))


# The API.


def test_the_list_is_empty_before_any_export(api, settings, tmp_path):
    settings.SNAPSHOT_ROOT = tmp_path / "none-yet"
    response = api.get("/api/v1/snapshots/")
    assert response.status_code == 200 and response.json() == []
    assert_problem(api.get("/api/v1/snapshots/latest/"), 404)
    assert_problem(api.get("/api/v1/snapshots/latest/actors.csv"), 404)


def test_the_list_shows_each_snapshot_with_its_counts_and_files(api, served, package):
    (listed,) = api.get("/api/v1/snapshots/").json()
    version = served.name
    assert listed["version"] == version
    assert listed["created_at"] == package["created"]
    assert listed["url"] == f"{BASE_URL}/api/v1/snapshots/{version}/"
    assert listed["datapackage_url"] == f"{BASE_URL}/api/v1/snapshots/{version}/datapackage.json"
    assert set(listed["counts"]) == TABLES
    assert listed["counts"]["meetings"] == Meeting.objects.filter(status="published").count()
    assert listed["counts"]["topics"] == Topic.objects.filter(status="published").count()
    files = {entry["name"]: entry for entry in listed["files"]}
    assert len(files) == 2 * len(TABLES) + 1
    assert files["diplomacy.sqlite3"]["media_type"] == "application/vnd.sqlite3"
    assert files["meetings.csv"]["table"] == "meetings"
    assert api.get("/api/v1/").json()["snapshots"] == f"{BASE_URL}/api/v1/snapshots/"


def test_latest_is_the_newest_snapshot(api, served):
    older = "20000101T000000Z"
    shutil.copytree(served, served.parent / older)
    (served.parent / f".{served.name[:-1]}9Z-in-progress").mkdir()  # no datapackage.json
    (served.parent / "29991231T235959Z").mkdir()  # an export that has not finished
    listed = api.get("/api/v1/snapshots/").json()
    assert [snapshot["version"] for snapshot in listed] == [served.name, older]
    latest = api.get("/api/v1/snapshots/latest/")
    assert latest.status_code == 200
    assert latest.json() == api.get(f"/api/v1/snapshots/{served.name}/").json() == listed[0]
    assert api.get(f"/api/v1/snapshots/{older}/").json() == listed[1]


def test_every_file_downloads_with_its_digest(api, served):
    (listed,) = api.get("/api/v1/snapshots/").json()
    for entry in listed["files"]:
        response = api.get(entry["url"])
        assert response.status_code == 200, entry["name"]
        data = body(response)
        assert digest(data) == entry["sha256"] and len(data) == entry["bytes"], entry["name"]
        assert response["Content-Type"].split(";")[0] == entry["media_type"]
        assert response["Content-Disposition"] == f'attachment; filename="{entry["name"]}"'
        assert response["ETag"] == f'"{entry["sha256"]}"'
    package = api.get(listed["datapackage_url"])
    assert package["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body(package))["version"] == served.name
    latest = api.get("/api/v1/snapshots/latest/topics.ndjson")
    assert body(latest) == (served / "topics.ndjson").read_bytes()
    unchanged = api.get("/api/v1/snapshots/latest/topics.ndjson", HTTP_IF_NONE_MATCH=latest["ETag"])
    assert unchanged.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "{version}/..%2F..%2Fdatapackage.json",
        "{version}/%2e%2e/{version}/actors.csv",
        "{version}/%2e%2e%2fdatapackage.json",
        "%2e%2e/{version}/actors.csv",
        "{version}/%2Fetc%2Fpasswd",
        "{version}//etc/passwd",
        "{version}/notes.csv",  # in the directory, not in the manifest
        "{version}/ACTORS.CSV",
        "{version}/actors.csv/",
        "{version}/actors.csv%00",
        ".{version}-in-progress/actors.csv",  # an export being written
        "{version}0/actors.csv",
        "19990101T000000Z/actors.csv",
        "latest/../{version}/actors.csv",
    ],
)
def test_only_the_files_a_manifest_lists_are_served(api, served, path):
    (served / "notes.csv").write_text("not listed")
    shutil.copytree(served, served.parent / f".{served.name}-in-progress")
    url = "/api/v1/snapshots/" + path.format(version=served.name)
    assert_problem(api.get(url), 404)


def test_the_snapshot_addresses_take_no_query_parameters(api, served):
    assert_problem(api.get("/api/v1/snapshots/", {"page_size": "1"}), 400, "page_size")
    assert_problem(api.get("/api/v1/snapshots/latest/actors.csv", {"x": "1"}), 400, "x")


def test_a_snapshot_says_where_the_change_feed_takes_up(api, served, package):
    """Load the snapshot, then sync from the feed: nothing is missed, nothing repeated."""
    last = Change.objects.order_by("-id").values_list("id", flat=True).first()
    assert package["x-changes-since"] == last
    listed = api.get("/api/v1/snapshots/latest/").json()
    assert listed["changes_since"] == last

    topic = Topic.objects.get(slug="ceasefire")
    services.record_write(topic, by=services.LOADER, fields={"name": "Ceasefire, renamed"})

    following = api.get(f"/api/v1/changes/?since={listed['changes_since']}").json()["results"]
    assert ("updated", "ceasefire") in [(e["action"], e["slug"]) for e in following]
    assert all(entry["id"] > last for entry in following)


def test_a_snapshot_is_withdrawn_once_a_record_it_holds_is_retracted(api, served):
    version = served.name
    assert api.get(f"/api/v1/snapshots/{version}/meetings.csv").status_code == 200

    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_set_status(meeting, "retracted", "Misreported.", by=services.LOADER)

    assert api.get("/api/v1/snapshots/").json() == []
    assert_problem(api.get(f"/api/v1/snapshots/{version}/meetings.csv"), 404)
    # The latest is being written again (the watcher's work): never a 404 meanwhile.
    for path in ("/api/v1/snapshots/latest/", "/api/v1/snapshots/latest/diplomacy.sqlite3"):
        pending = api.get(path)
        assert_problem(pending, 503)
        assert int(pending["Retry-After"]) > 0


@pytest.mark.parametrize(
    "leave",
    [
        lambda: services.record_set_status(
            Position.objects.get(slug="wang-yi-politburo-member"),
            "retracted",
            "Not in the sources.",
            by=services.LOADER,
        ),
        lambda: services.record_write(
            Meeting.objects.get(slug="wang-yi-cohen-call"),
            by=services.LOADER,
            fields={},
            participants=[
                services.ParticipantInput(Actor.objects.get(slug="wang-yi"), "host"),
            ],
        ),
        lambda: services.record_write(
            Meeting.objects.get(slug="wang-yi-cohen-call"),
            by=services.LOADER,
            fields={},
            relations={"topics": []},
        ),
    ],
    ids=["a post retracted", "a participant dropped", "topics dropped"],
)
def test_a_snapshot_is_withdrawn_once_a_row_it_holds_leaves_public_view(api, served, leave):
    assert api.get("/api/v1/snapshots/latest/").status_code == 200
    leave()
    assert api.get("/api/v1/snapshots/").json() == []
    assert_problem(api.get("/api/v1/snapshots/latest/"), 503)


def test_a_row_added_leaves_the_snapshot_served(api, served):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    kept = [
        services.ParticipantInput(row.actor, row.role, row.title, row.identification)
        for row in meeting.participations.order_by("id")
    ]
    more = services.ParticipantInput(
        Actor.objects.get(slug="xi-jinping"),
        "participant",
        identification="inferred",
        identification_note="For the test.",
    )
    services.record_write(meeting, by=services.LOADER, fields={}, participants=[*kept, more])
    assert api.get("/api/v1/snapshots/latest/").status_code == 200


def test_draft_edits_do_not_hold_an_export_up(tmp_path, monkeypatch):
    """A curator editing a draft all along: every attempt holds the same public record."""
    write = snapshot_export.write_tables
    draft = services.record_write(Topic(slug="zz-busy-draft", name="Draft"), by=None, fields={})

    def write_while_a_draft_changes(directory, context, using):
        services.record_write(draft, by=None, fields={"name": f"Draft {directory.name}"})
        return write(directory, context, using)

    monkeypatch.setattr(snapshot_export, "write_tables", write_while_a_draft_changes)
    assert export_snapshot(root=tmp_path, base_url=BASE_URL).is_dir()


def test_the_watcher_writes_a_new_snapshot_once_the_latest_is_withdrawn(settings, served):
    from api.management.commands.export_snapshot import Command

    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_set_status(meeting, "retracted", "Misreported.", by=services.LOADER)
    assert snapshot_export.is_withdrawn(served)
    command = Command(stdout=StringIO())
    written = command.export(settings.SNAPSHOT_ROOT, BASE_URL)
    assert not snapshot_export.is_withdrawn(written)


def test_snapshot_files_are_revalidated_by_caches(api, served):
    response = api.get(f"/api/v1/snapshots/{served.name}/meetings.csv")

    assert response["Cache-Control"] == "no-cache"
    again = api.get(
        f"/api/v1/snapshots/{served.name}/meetings.csv", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_an_export_keeps_the_newest_snapshots_only(settings, tmp_path):
    settings.SNAPSHOT_KEEP = 2
    written = [
        export_snapshot(root=tmp_path, base_url=BASE_URL, now=datetime(2026, 12, day, tzinfo=UTC))
        for day in (1, 2, 3)
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [path.name for path in written[1:]]


def test_the_list_of_snapshots_costs_the_same_however_many_are_on_disk(
    api, served, settings, monkeypatch
):
    """Directories an export did not prune (another root, a copy) are not all read."""
    for day in range(1, 31):
        shutil.copytree(served, served.parent / f"202611{day:02d}T000000Z")
    settings.SNAPSHOT_KEEP = 3
    read = []
    original = snapshot_views.manifest
    monkeypatch.setattr(
        snapshot_views, "manifest", lambda version: read.append(version) or original(version)
    )
    listed = [entry["version"] for entry in api.get("/api/v1/snapshots/").json()]
    newest = [served.name, "20261130T000000Z", "20261129T000000Z"]
    assert listed == newest
    assert set(read) == set(newest)
