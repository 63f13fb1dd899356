"""What a newsroom asks in bulk, on the SQLite scale data: exports, facet counts, the change feed.

    .venv/bin/python bench/newsroom.py [--seconds 10] [--rounds 2] [--downloads 3]
        [--facet-connections 4] [--recycle]

Prepares what it lacks as compare.py does (wrk, Datasette 0.65.5 in
var/bench/datasette-venv, var/bench/scale.sqlite3, migrated), and the seed data's
database var/bench/newsroom-seed.sqlite3 for a short change feed. Then, beside
Datasette wherever it has the same function:

1. Exports. ``/api/v1/meetings.csv?date_from=..&date_to=..`` for a window of about
   10,000 published meetings (2020) and one of about 80,000 (2016 to 2023), against
   Datasette's streamed CSV of the same rows (``diplomacy_meeting.csv?_stream=on`` with
   the API's window rule and status=published as table filters). Both must give as many
   data rows as SQL counts. One download of each is the warm-up; then --downloads
   sequential downloads of each, alternating which goes first, read by a streaming
   client that parses the CSV and counts its rows. Then, on an API of one worker started
   afresh for each window and warmed by a one-day export, the worker's resident memory
   (``/proc/<pid>/status``) sampled every 50 ms during the export, above what it held
   just before.
2. Facets. ``/api/v1/meetings/facets/`` by kind, format and country for both windows,
   against Datasette's table JSON with ``_facet=`` on the same rows and ``_size=0``:
   with the table filters alone (datasette), and with the API's bound on where its
   index scan starts as a ``_where`` clause too (datasette_bounded). Their counts must
   equal the API's; then each is timed alone (one client, requests in a row) and wrk
   drives each as compare.py drives it, with 4 connections rather than 16 (an answer
   takes hundreds of ms; at 16 few would finish within a run).
3. The change feed. ``/api/v1/changes/?since=..&page_size=100`` at the start, the
   middle and the end of the scale data's feed (one entry per published record), and at
   the start and end of the seed data's short feed: timed alone, then by wrk.

api: bin/container serve (bench/servers.py), 2 workers (1 for the memory), DEBUG off,
the page cache off and throttling out of the way; gunicorn's recycling of a worker
after about 5,000 requests is off (``--recycle`` keeps it). wrk opens its connections at
once, and one API worker may accept them all while the other idles for the whole run
(whichever wakes first takes what is queued): ``ss`` shows where they sat halfway
through each run, and a run whose connections sat on one worker is run again, up to 3
times in all. datasette: --immutable, 2 SQL threads, no facet suggestions, its SQL and
facet time limits raised to 10 s so that no count is dropped, no cap on a CSV's size.

Prints a Markdown report and writes var/bench/newsroom-<timestamp>.json. Exits 1 when
a request failed, or when the targets' row or facet counts differ.
"""

import argparse
import csv
import datetime
import http.client
import importlib.metadata
import io
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import compare
import prepare
import report
import servers
import sql
import wrk
from harness import ROOT, SECRET_KEY, free_port, get, gunicorn, manage, server_environment
from targets import Target

# The synthetic meetings span the ten years from 2015, evenly.
WINDOWS = {
    "narrow": ("2020-01-01", "2020-12-31"),  # about 10% of the meetings
    "wide": ("2016-01-01", "2023-12-31"),  # about 80%
}
# The memory server's warm-up: one day's export runs every step of a large one.
WARM_UP_WINDOW = ("2020-06-01", "2020-06-01")
# The API's facets, and the columns Datasette facets by.
FACETS = {"kind": "kind", "format": "format", "country": "location_country"}
# A facet request reads every matching row (hundreds of ms): at 16 connections each
# answer waits behind 15 others and few finish within a run. Two per worker (or SQL
# thread) keep every one busy.
FACET_CONNECTIONS = 4
# gunicorn.conf.py recycles a worker after about 5,000 requests (max_requests). The change
# feed's runs cross that several times: the recycled worker drops its connections (wrk
# counts socket errors) and its successor boots for a second or two inside that run.
NO_RECYCLING = "--max-requests 0"
FACET_ONE_CLIENT = (10, 2)  # requests measured, after warm-up requests
FEED_ONE_CLIENT = (200, 20)
# Each API worker accepts connections from the one listening socket when it wakes; wrk
# opens all of its connections at once, and one worker may take them all and leave the
# other idle for the whole run. Such a run is run again, up to this many times in all.
MAX_ATTEMPTS = 3
FEED_PAGE_SIZE = 100
FEED_END_OFFSET = 150  # the end of the feed: a full page, and a next link
SAMPLE_SECONDS = 0.05
DOWNLOAD_TIMEOUT = 900
MEMORY_WORKERS = 1
SEED_DATABASE = prepare.VAR / "newsroom-seed.sqlite3"
API_LOG = ROOT / "var" / "bench-gunicorn.log"  # where harness.gunicorn writes the server's output
DATASETTE_LOG = prepare.VAR / "datasette.log"
API_IDLE_PATH = "/health/live"
# Datasette given the API's bound on the start of the index scan, as well as its filters.
BOUNDED = "datasette_bounded"

csv.field_size_limit(1 << 30)


class Problems(list):
    """What went wrong; any of it makes the exit code 1."""

    def add(self, message: str) -> None:
        print(f"\n!! {message}", flush=True)
        self.append(message)


@dataclass(frozen=True)
class Window:
    name: str
    date_from: str
    date_to: str
    meetings: int  # published meetings overlapping the window, counted in SQL

    def api_query(self) -> str:
        return urlencode({"date_from": self.date_from, "date_to": self.date_to})

    def datasette_filters(self, bounded: bool = False) -> str:
        """The API's window rule as Datasette's table filters: [date_start, date_end]
        overlaps [date_from, date_to], published only; undated rows fail both.

        ``bounded`` adds what the API adds for its index scan: no interval spans more
        than LONGEST_DATE_RANGE_DAYS, so none that overlaps starts earlier than that
        before the window (a ``_where`` clause: the same rows, a narrower index range).
        """
        filters = {
            "status__exact": "published",
            "date_end__gte": self.date_from,
            "date_start__lte": self.date_to,
        }
        if bounded:
            earliest = datetime.date.fromisoformat(self.date_from) - datetime.timedelta(
                days=sql.LONGEST_DATE_RANGE_DAYS
            )
            filters["_where"] = f"date_start >= '{earliest.isoformat()}'"
        return urlencode(filters)

    def describe(self) -> str:
        return f"{self.date_from} to {self.date_to}"


@dataclass
class Download:
    target: str
    window: str
    path: str
    status: int = 0
    rows: int = 0
    columns: int = 0
    bytes: int = 0
    seconds: float = 0.0
    first_byte_seconds: float = 0.0
    error: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# --- the command ---------------------------------------------------------------------------


def main() -> int:
    options = parse_arguments()
    if not options.recycle:
        arguments = os.environ.get("GUNICORN_CMD_ARGS", "")
        os.environ["GUNICORN_CMD_ARGS"] = f"{arguments} {NO_RECYCLING}".strip()
    prepare.check_project_python()
    wrk_path = prepare.ensure_wrk()
    datasette_bin = prepare.ensure_venv(prepare.DATASETTE_VENV, prepare.DATASETTE_PINS)
    database = prepare.ensure_sqlite_database()
    seed = ensure_seed_database()
    facts = environment_facts(wrk_path)
    print_header(options, facts)

    problems = Problems()
    windows = count_windows(database)
    feed = feed_positions(database)
    seed_feed = feed_positions(seed, middle=False)
    document = {**facts, "options": vars(options), "windows": [asdict(w) for w in windows]}

    url = prepare.sqlite_url(database)
    with ExitStack() as stack:
        api_port = stack.enter_context(servers.api(url))
        datasette_port = stack.enter_context(datasette(datasette_bin, database))
        document["exports"] = exports(api_port, datasette_port, windows, options, problems)
        document["facets"] = facets(api_port, datasette_port, windows, options, wrk_path, problems)
        print("\n## 3. The change feed: a page of 100 entries at each position", flush=True)
        feeds = {"scale": changes("scale", api_port, feed, options, wrk_path, problems)}
    check_logs(problems, "the API on the scale data")
    # One server at a time: each API server writes the same log.
    with servers.api(prepare.sqlite_url(seed)) as seed_port:
        feeds["seed"] = changes("seed", seed_port, seed_feed, options, wrk_path, problems)
    check_logs(problems, "the API on the seed data")
    document["changes"] = {"feeds": feeds, "position_ratios": feed_ratios(feeds)}
    document["memory"] = memory(url, windows, problems)

    document["load_average_at_end"] = os.getloadavg()
    print(f"\nload average at the end: {format_load(document['load_average_at_end'])}")
    document["problems"] = list(problems)
    write_json(document)
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for problem in problems:
            print(f"- {problem.splitlines()[0]}")
    return 1 if problems else 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="measured wrk rounds (default 2)")
    parser.add_argument(
        "--facet-connections",
        type=int,
        default=FACET_CONNECTIONS,
        help=f"wrk's connections for the facets (default {FACET_CONNECTIONS}; "
        f"{wrk.CONNECTIONS} elsewhere)",
    )
    parser.add_argument(
        "--recycle",
        action="store_true",
        help="keep gunicorn.conf.py's recycling of a worker after about 5,000 requests",
    )
    parser.add_argument(
        "--downloads",
        type=int,
        default=3,
        help="measured downloads of each export, after one warm-up (default 3)",
    )
    return parser.parse_args()


# --- preparing -----------------------------------------------------------------------------


def ensure_seed_database() -> Path:
    """The seed data alone (migrated, seeded): a short change feed beside the scale data's."""
    if SEED_DATABASE.exists():
        manage(seed_environment(SEED_DATABASE), "migrate", "--noinput")
        return SEED_DATABASE
    building = SEED_DATABASE.with_name(SEED_DATABASE.name + ".building")
    building.unlink(missing_ok=True)
    prepare.say(f"building {SEED_DATABASE.relative_to(ROOT)} (the seed data)")
    environment = seed_environment(building)
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_seed_data")
    building.rename(SEED_DATABASE)
    return SEED_DATABASE


def seed_environment(path: Path) -> dict:
    return {**os.environ, "DATABASE_URL": prepare.sqlite_url(path), "DJANGO_SECRET_KEY": SECRET_KEY}


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def count_windows(database: Path) -> list[Window]:
    sql = (
        "SELECT count(*) FROM diplomacy_meeting WHERE status = 'published' "
        "AND date_end >= ? AND date_start <= ?"
    )
    with read_only(database) as connection:
        total = connection.execute("SELECT count(*) FROM diplomacy_meeting").fetchone()[0]
        windows = [
            Window(name, first, last, connection.execute(sql, (first, last)).fetchone()[0])
            for name, (first, last) in WINDOWS.items()
        ]
    print(f"\nmeetings: {total:,}")
    for window in windows:
        print(
            f"- {window.name} window, {window.describe()}: {window.meetings:,} published "
            f"meetings ({window.meetings / total:.0%})"
        )
    return windows


def feed_positions(database: Path, middle: bool = True) -> dict:
    with read_only(database) as connection:
        first, last, entries = connection.execute(
            "SELECT min(id), max(id), count(*) FROM diplomacy_change"
        ).fetchone()
    return {
        "entries": entries,
        "first_id": first,
        "last_id": last,
        "since": {
            "start": 0,
            **({"middle": first + (last - first) // 2} if middle else {}),
            "end": max(0, last - FEED_END_OFFSET),
        },
    }


@contextmanager
def datasette(venv_bin: Path, database: Path):
    """Datasette serving the scale database: one process, as compare.py serves it, with
    no facet suggestions (the API suggests none) and nothing cut short."""
    port = free_port()
    settings = {
        "num_sql_threads": servers.DATASETTE_SQL_THREADS,
        "sql_time_limit_ms": servers.DATASETTE_TIME_LIMIT_MS,
        "facet_time_limit_ms": servers.DATASETTE_TIME_LIMIT_MS,
        "suggest_facets": "off",
        "max_csv_mb": 0,
    }
    command = [str(venv_bin / "datasette"), "serve", "--immutable", str(database)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    for name, value in settings.items():
        command += ["--setting", name, str(value)]
    with servers.serving("datasette", command, os.environ, port, "/-/versions.json"):
        yield port


def datasette_name(database: Path) -> str:
    return database.name.split(".")[0]


DATASETTE_DB = datasette_name(prepare.SQLITE_DATABASE)
DATASETTE_IDLE_PATH = f"/{DATASETTE_DB}.json?sql=select+1&_shape=array"


# --- 1. exports ----------------------------------------------------------------------------


def api_export_path(window: Window, suffix: str = ".csv") -> str:
    return f"/api/v1/meetings{suffix}?{window.api_query()}"


def datasette_export_path(window: Window) -> str:
    # _size=max: pages of max_returned_rows (1,000) rather than 100 as it streams.
    return (
        f"/{DATASETTE_DB}/diplomacy_meeting.csv?_stream=on&_size=max&{window.datasette_filters()}"
    )


class CountingReader(io.RawIOBase):
    """The response's body as it arrives, counting its bytes."""

    def __init__(self, response: http.client.HTTPResponse):
        self.response = response
        self.bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        read = self.response.readinto(buffer)
        self.bytes += read
        return read


def download(
    port: int, path: str, target: str, window: str, kind: str = "csv", headers=None
) -> Download:
    """One whole answer, parsed as it streams in: CSV rows after the header, or NDJSON lines."""
    result = Download(target, window, path)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DOWNLOAD_TIMEOUT)
    began = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        result.first_byte_seconds = time.perf_counter() - began
        result.status = response.status
        if response.status != 200:
            body = response.read()
            result.bytes = len(body)
            result.error = f"{response.status}: {body[:400].decode(errors='replace')}"
            return result
        body = CountingReader(response)
        text = io.TextIOWrapper(io.BufferedReader(body, 1 << 16), encoding="utf-8", newline="")
        if kind == "csv":
            reader = csv.reader(text)
            result.columns = len(next(reader, []))
            result.rows = sum(1 for _ in reader)
        else:
            result.rows = sum(1 for line in text if line.strip())
        result.bytes = body.bytes
    except (OSError, http.client.HTTPException, csv.Error, UnicodeDecodeError) as error:
        result.error = f"{type(error).__name__}: {error}"
    finally:
        result.seconds = time.perf_counter() - began
        connection.close()
    return result


def exports(api_port, datasette_port, windows, options, problems: Problems) -> dict:
    print("\n## 1. Exports: every matching meeting as CSV\n", flush=True)
    ports = {"api": api_port, "datasette": datasette_port}
    checks, downloads = [], []
    for window in windows:
        paths = {"api": api_export_path(window), "datasette": datasette_export_path(window)}
        # The check is each target's warm-up too.
        agreed = True
        for target, path in paths.items():
            result = download(ports[target], path, target, window.name)
            checks.append(asdict(result) | {"purpose": "check and warm-up"})
            print(f"    check {window.name:6} {target:9} {describe_download(result)}", flush=True)
            agreed &= expect_rows(result, window.meetings, problems)
        if window.name == "narrow":
            checks += other_forms(api_port, window, problems)
        if not agreed:
            continue
        for number in range(options.downloads):
            order = list(paths) if number % 2 == 0 else list(paths)[::-1]
            for target in order:
                result = download(ports[target], paths[target], target, window.name)
                downloads.append(result)
                print(f"    {window.name:6} {target:9} {describe_download(result)}", flush=True)
                expect_rows(result, window.meetings, problems)
    summary = summarize_exports(windows, downloads)
    print()
    print(exports_table(summary))
    return {
        "paths": {
            w.name: {"api": api_export_path(w), "datasette": datasette_export_path(w)}
            for w in windows
        },
        "checks": checks,
        "downloads": [asdict(d) for d in downloads],
        "summary": summary,
    }


def other_forms(api_port: int, window: Window, problems: Problems) -> list[dict]:
    """The same export asked for with Accept: text/csv, and as NDJSON: the same rows."""
    forms = [
        ("Accept: text/csv", f"/api/v1/meetings/?{window.api_query()}", "csv", "text/csv"),
        ("NDJSON", api_export_path(window, ".ndjson"), "ndjson", None),
    ]
    checks = []
    for name, path, kind, accept in forms:
        headers = {"Accept": accept} if accept else None
        result = download(api_port, path, "api", window.name, kind, headers)
        print(f"    check {window.name:6} api {name:16} {describe_download(result)}", flush=True)
        expect_rows(result, window.meetings, problems)
        checks.append(asdict(result) | {"purpose": name})
    return checks


def expect_rows(result: Download, expected: int, problems: Problems) -> bool:
    if result.error is not None:
        problems.add(
            f"{result.target} {result.window} export {result.path} failed: {result.error}"
            + server_errors(result.target)
        )
        return False
    if result.rows != expected:
        problems.add(
            f"{result.target} {result.window} export {result.path}: {result.rows:,} rows, "
            f"{expected:,} published meetings in the window" + server_errors(result.target)
        )
        return False
    return True


def describe_download(result: Download) -> str:
    if result.error is not None:
        return f"!! {result.error[:200]}"
    return (
        f"{result.rows:>7,} rows  {result.seconds:7.2f} s  {result.rows_per_second:9,.0f} rows/s  "
        f"{result.bytes / 1e6:7.1f} MB  first byte {result.first_byte_seconds * 1000:7.1f} ms"
    )


def summarize_exports(windows: list[Window], downloads: list[Download]) -> dict:
    summary = {}
    for window in windows:
        row = {"meetings": window.meetings}
        for target in ("api", "datasette"):
            done = [
                d
                for d in downloads
                if d.window == window.name and d.target == target and not d.error
            ]
            if not done:
                continue
            rates = [d.rows_per_second for d in done]
            row[target] = {
                "downloads": len(done),
                "rows_per_second": statistics.fmean(rates),
                "rows_per_second_min": min(rates),
                "rows_per_second_max": max(rates),
                "seconds": statistics.fmean(d.seconds for d in done),
                "megabytes": statistics.fmean(d.bytes for d in done) / 1e6,
                "megabytes_per_second": statistics.fmean(d.bytes / d.seconds for d in done) / 1e6,
                "bytes_per_row": statistics.fmean(d.bytes / max(d.rows, 1) for d in done),
                "columns": done[0].columns,
                "first_byte_ms": statistics.fmean(d.first_byte_seconds for d in done) * 1000,
            }
        if "api" in row and "datasette" in row:
            row["api/datasette"] = report.ratio(
                row["api"]["rows_per_second"], row["datasette"]["rows_per_second"]
            )
            row["api/datasette MB/s"] = report.ratio(
                row["api"]["megabytes_per_second"], row["datasette"]["megabytes_per_second"]
            )
        summary[window.name] = row
    return summary


def exports_table(summary: dict) -> str:
    header = ["window", "rows"]
    for target in ("api", "datasette"):
        header += [f"{target} rows/s", f"{target} s", f"{target} MB/s", f"{target} bytes/row"]
    header += ["api/datasette rows/s", "api/datasette MB/s"]
    lines = [row_of(header), row_of(["---"] + ["---:"] * (len(header) - 1))]
    for name, row in summary.items():
        cells = [name, f"{row['meetings']:,}"]
        for target in ("api", "datasette"):
            found = row.get(target)
            if found is None:
                cells += ["–"] * 4
                continue
            cells += [
                f"{found['rows_per_second']:,.0f}",
                f"{found['seconds']:.2f}",
                f"{found['megabytes_per_second']:.1f}",
                f"{found['bytes_per_row']:,.0f}",
            ]
        cells += [
            format_ratio(row.get("api/datasette")),
            format_ratio(row.get("api/datasette MB/s")),
        ]
        lines.append(row_of(cells))
    return "\n".join(lines)


# --- 1b. the export's memory -----------------------------------------------------------------


def child_pids(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            children.append(int(entry.name))
    return sorted(children)


def status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/{pid}/status")


class Sampler(threading.Thread):
    """The process's resident set every SAMPLE_SECONDS until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append(status_kib(self.pid, "VmRSS"))
            self.done.wait(SAMPLE_SECONDS)
        self.samples.append(status_kib(self.pid, "VmRSS"))

    def stop(self) -> list[int]:
        self.done.set()
        self.join()
        return self.samples


def memory(url: str, windows: list[Window], problems: Problems) -> list[dict]:
    print(
        f"\n## 1b. Export memory: one worker, started afresh per window, RSS every "
        f"{SAMPLE_SECONDS * 1000:.0f} ms\n",
        flush=True,
    )
    warm = Window("one day", *WARM_UP_WINDOW, meetings=0)
    results = []
    for window in windows:
        environment = {
            **server_environment(url, free_port(), MEMORY_WORKERS),
            "API_CACHE_SECONDS": "0",
        }
        port = int(environment["PORT"])
        with gunicorn(environment) as master:
            workers = child_pids(master.pid)
            if len(workers) != MEMORY_WORKERS:
                problems.add(f"expected {MEMORY_WORKERS} worker under gunicorn, found {workers}")
                continue
            worker = workers[0]
            warming = download(port, api_export_path(warm), "api", warm.name)
            if warming.error:
                problems.add(f"the memory server's warm-up failed: {warming.error}")
            time.sleep(1)
            idle = status_kib(worker, "VmRSS")
            sampler = Sampler(worker)
            sampler.start()
            result = download(port, api_export_path(window), "api", window.name)
            samples = sampler.stop()
            high_water = status_kib(worker, "VmHWM")
        expect_rows(result, window.meetings, problems)
        check_logs(problems, f"the memory server ({window.name})")  # each starts a new log
        peak = max(samples)
        entry = {
            "window": window.name,
            "rows": result.rows,
            "seconds": result.seconds,
            "idle_kib": idle,
            "peak_kib": peak,
            "peak_above_idle_kib": peak - idle,
            "high_water_kib": high_water,
            "samples": len(samples),
            "worker_pid": worker,
        }
        results.append(entry)
        print(
            f"    {window.name:6} {result.rows:>7,} rows in {result.seconds:6.1f} s: idle "
            f"{idle / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB (+{(peak - idle) / 1024:.1f} MiB),"
            f" VmHWM {high_water / 1024:.1f} MiB, {len(samples)} samples",
            flush=True,
        )
    if results:
        print()
        print(memory_table(results))
    return results


def memory_table(results: list[dict]) -> str:
    lines = [
        row_of(["window", "rows", "export s", "idle MiB", "peak MiB", "peak above idle MiB"]),
        row_of(["---"] + ["---:"] * 5),
    ]
    for entry in results:
        lines.append(
            row_of(
                [
                    entry["window"],
                    f"{entry['rows']:,}",
                    f"{entry['seconds']:.1f}",
                    f"{entry['idle_kib'] / 1024:.1f}",
                    f"{entry['peak_kib'] / 1024:.1f}",
                    f"{entry['peak_above_idle_kib'] / 1024:.1f}",
                ]
            )
        )
    return "\n".join(lines)


# --- 2. facets -----------------------------------------------------------------------------


def api_facets_path(window: Window) -> str:
    facets = urlencode([("facet", name) for name in FACETS])
    return f"/api/v1/meetings/facets/?{window.api_query()}&{facets}"


def datasette_facets_path(window: Window, bounded: bool = False) -> str:
    facets = urlencode([("_facet", column) for column in FACETS.values()])
    filters = window.datasette_filters(bounded)
    return f"/{DATASETTE_DB}/diplomacy_meeting.json?{facets}&{filters}&_size=0"


def facets(api_port, datasette_port, windows, options, wrk_path, problems: Problems) -> dict:
    print("\n## 2. Facets: counts by kind, format and country\n", flush=True)
    loads, checks = [], {}
    for window in windows:
        scenario = f"facets_{window.name}"
        window_loads = [
            Load(
                scenario,
                "api",
                api_port,
                api_facets_path(window),
                API_IDLE_PATH,
                options.facet_connections,
            ),
            Load(
                scenario,
                "datasette",
                datasette_port,
                datasette_facets_path(window),
                DATASETTE_IDLE_PATH,
                options.facet_connections,
            ),
            Load(
                scenario,
                BOUNDED,
                datasette_port,
                datasette_facets_path(window, bounded=True),
                DATASETTE_IDLE_PATH,
                options.facet_connections,
            ),
        ]
        check = check_facets(window_loads, window)
        checks[window.name] = check
        if check["problems"]:
            for problem in check["problems"]:
                problems.add(f"facets, {window.name} window: {problem}")
            continue
        print(f"- {window.name}: {check['summary']}", flush=True)
        loads += window_loads
    alone = one_client_all(loads, *FACET_ONE_CLIENT, problems) if loads else {}
    measured = drive(loads, options, wrk_path, "facets", problems) if loads else {}
    return {"checks": checks, "one_client": alone, **measured}


def check_facets(loads: list, window: Window) -> dict:
    """Datasette's counts against the API's, and the totals against SQL's. Datasette leaves
    nulls out of its facets; the API counts them as a value of null, which is left out of
    the comparison."""
    found = {"paths": {load.target: load.path for load in loads}, "problems": []}
    answers = {}
    for load in loads:
        status, _, body = get(load.port, load.path, timeout=120)
        if status != 200:
            found["problems"].append(
                f"{load.target} answered {status}: {body[:400]!r}" + server_errors(load.target)
            )
            continue
        answers[load.target] = json.loads(body)
    if len(answers) < len(loads):
        return found
    api = answers.pop("api")
    counts = {"sql": window.meetings, "api": api["count"]}
    counts |= {name: other.get("filtered_table_rows_count") for name, other in answers.items()}
    found["counts"] = counts
    if len(set(counts.values())) != 1:
        found["problems"].append(f"the totals differ: {counts}")
    nulls, values = {}, 0
    for name, column in FACETS.items():
        mine = {row["value"]: row["count"] for row in api["facets"].get(name, [])}
        nulls[name] = mine.pop(None, 0)
        values += len(mine)
        for target, other in answers.items():
            if other.get("facets_timed_out"):
                found["problems"].append(
                    f"{target}'s facets timed out: {other['facets_timed_out']}"
                )
            result = other.get("facet_results", {}).get(column, {})
            theirs = {row["value"]: row["count"] for row in result.get("results", [])}
            if result.get("truncated"):
                found["problems"].append(f"{target}'s {column} facet was truncated")
            if mine != theirs:
                found["problems"].append(f"{name}: api {mine}, {target} ({column}) {theirs}")
    found["api_null_counts"] = nulls
    found["summary"] = (
        f"{counts['api']:,} meetings; the same counts on every target for {values} values of "
        f"{len(FACETS)} facets (api's null counts, which Datasette leaves out: {nulls})"
    )
    return found


# --- 3. the change feed --------------------------------------------------------------------


def changes_path(since: int) -> str:
    return f"/api/v1/changes/?{urlencode({'since': since, 'page_size': FEED_PAGE_SIZE})}"


def changes(name: str, port: int, feed: dict, options, wrk_path, problems: Problems) -> dict:
    print(
        f"\n- {name}: {feed['entries']:,} entries, ids {feed['first_id']:,} to {feed['last_id']:,}",
        flush=True,
    )
    loads, checks = [], {}
    for position, since in feed["since"].items():
        scenario = f"{name}_{position}"
        path = changes_path(since)
        check = check_page(port, path, since, feed)
        checks[scenario] = check
        if check["problem"]:
            problems.add(f"change feed, {scenario}: {check['problem']}")
            continue
        loads.append(Load(scenario, "api", port, path, API_IDLE_PATH))
    alone = one_client_all(loads, *FEED_ONE_CLIENT, problems) if loads else {}
    measured = drive(loads, options, wrk_path, f"{name} feed", problems) if loads else {}
    return {**feed, "checks": checks, "one_client": alone, **measured}


def feed_ratios(feeds: dict) -> dict:
    """req/s in the middle and at the end of each feed over its start; the long feed's
    start over the short one's."""
    throughput = {
        key: cell["requests_per_second"]
        for feed in feeds.values()
        for key, cell in feed.get("mean", {}).items()
    }
    ratios = {}
    for name in feeds:
        for position in ("middle", "end"):
            key = f"api {name}_{position}"
            if key in throughput and f"api {name}_start" in throughput:
                ratios[f"{name} {position}/start, req/s"] = report.ratio(
                    throughput[key], throughput[f"api {name}_start"]
                )
    if "api scale_start" in throughput and "api seed_start" in throughput:
        ratios["scale start/seed start, req/s"] = report.ratio(
            throughput["api scale_start"], throughput["api seed_start"]
        )
    alone = {key: found for feed in feeds.values() for key, found in feed["one_client"].items()}
    for name in feeds:
        for position in ("middle", "end"):
            first, other = alone.get(f"api {name}_start"), alone.get(f"api {name}_{position}")
            if first and other and "error" not in first and "error" not in other:
                ratios[f"{name} {position}/start, one client's median latency"] = report.ratio(
                    other["median_ms"], first["median_ms"]
                )
    print()
    for name, value in ratios.items():
        print(f"- {name}: {format_ratio(value)}")
    return ratios


def check_page(port: int, path: str, since: int, feed: dict) -> dict:
    status, _, body = get(port, path, timeout=60)
    found = {"path": path, "status": status, "problem": None}
    if status != 200:
        found["problem"] = f"{status}: {body[:400]!r}" + server_errors("api")
        return found
    page = json.loads(body)
    ids = [entry["id"] for entry in page["results"]]
    remaining = feed["last_id"] - max(since, feed["first_id"] - 1)
    expected = min(FEED_PAGE_SIZE, remaining)
    found |= {"results": len(ids), "first": ids[:1], "last": ids[-1:], "next": page["next"]}
    if len(ids) != expected or (ids and ids[0] <= since) or ids != sorted(ids):
        found["problem"] = f"{len(ids)} entries after {since} (expected {expected} in order)"
    elif (remaining > FEED_PAGE_SIZE) != (page["next"] is not None):
        found["problem"] = f"next is {page['next']!r} with {remaining} entries after {since}"
    return found


# --- wrk -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """One URL that wrk drives: a scenario on a target, with ``connections`` open."""

    scenario: str
    target: str
    port: int
    path: str
    idle_path: str
    connections: int = wrk.CONNECTIONS

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"


@dataclass
class Driven:
    results: list[dict] = field(default_factory=list)
    cells: dict[int, report.Cells] = field(default_factory=dict)
    attempts: int = 0  # measured runs, repeated ones included
    repeated: int = 0
    kept_lopsided: int = 0  # still on fewer workers at the last attempt


def drive(loads: list[Load], options, wrk_path: str, label: str, problems: Problems) -> dict:
    """A discarded warm-up round, then the measured rounds; within a scenario the targets'
    order is reversed every other measured round (as compare.py does). A run whose
    connections sat on fewer API workers than the API has is run again (MAX_ATTEMPTS)."""
    scenarios = list(dict.fromkeys(load.scenario for load in loads))
    targets = list(dict.fromkeys(load.target for load in loads))
    driven = Driven()
    for round_number in range(compare.WARM_UP, options.rounds + 1):
        reverse = round_number != compare.WARM_UP and round_number % 2 == 0
        title = (
            "warm-up (discarded)" if round_number == compare.WARM_UP else f"round {round_number}"
        )
        print(f"\n### {label}, {title}\n", flush=True)
        cells = {}
        for scenario in scenarios:
            ordered = [load for load in loads if load.scenario == scenario]
            for load in ordered[::-1] if reverse else ordered:
                for attempt in range(1, MAX_ATTEMPTS + 1):
                    measurement, spread = measure_once(wrk_path, load, options.seconds)
                    spread_out = load.target == "api" and spread is not None
                    lopsided = spread_out and len(spread) < servers.WORKERS
                    again = lopsided and attempt < MAX_ATTEMPTS
                    note = (
                        f"  connections per worker {sorted(spread.values())}" if spread_out else ""
                    )
                    note += "  (fewer workers than the API has: run again)" if again else ""
                    print(
                        f"    {scenario:16} {load.target:17} {compare.describe(measurement)}{note}",
                        flush=True,
                    )
                    driven.results.append(
                        {
                            "round": round_number,
                            "target": load.target,
                            "scenario": scenario,
                            "url_path": load.path,
                            "connections": load.connections,
                            "attempt": attempt,
                            "connections_per_worker": spread,
                            "kept": not again,
                            "measurement": asdict(measurement),
                        }
                    )
                    if round_number != compare.WARM_UP:
                        driven.attempts += 1
                        driven.repeated += again
                        driven.kept_lopsided += lopsided and not again
                    if not again:
                        break
                cells[(load.target, scenario)] = measurement
        driven.cells[round_number] = cells
    measured = [cells for number, cells in driven.cells.items() if number != compare.WARM_UP]
    mean = report.mean_cells(measured)
    ratios = report.mean_ratios(
        [report.per_scenario_ratios(cells, targets, scenarios) for cells in measured]
    )
    print(f"\n### {label}: mean of {len(measured)} measured round(s)\n")
    print(report.table(mean, targets, scenarios, ratios))
    print(
        f"\n{driven.repeated} of {driven.attempts} measured runs were run again: the API's "
        f"connections sat on fewer workers than it has ({driven.kept_lopsided} kept so after "
        f"{MAX_ATTEMPTS} attempts)"
    )
    for cells in measured:
        for line in report.problems(cells):
            problems.add(f"{label}: {line}")
    return {
        "results": driven.results,
        "mean": {f"{target} {scenario}": asdict(cell) for (target, scenario), cell in mean.items()},
        "ratios": ratios,
        "measured_runs": driven.attempts,
        "runs_repeated_for_lopsided_connections": driven.repeated,
        "runs_kept_lopsided": driven.kept_lopsided,
    }


def measure_once(wrk_path: str, load: Load, seconds: float):
    """One wrk run, and how its connections were spread over the processes that held them
    halfway through."""
    spread = {}

    def look() -> None:
        time.sleep(seconds / 2)
        spread["found"] = connections_per_process(load.port)

    looking = threading.Thread(target=look, daemon=True)
    looking.start()
    measurement = run_wrk(wrk_path, load.url, seconds, load.connections)
    looking.join()
    compare.wait_until_idle(Target(load.target, load.port, None, None, load.idle_path))
    return measurement, spread.get("found")


def connections_per_process(port: int) -> dict[int, int] | None:
    """Established connections to ``port``, by the process holding each (ss); None without ss."""
    command = ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return dict(Counter(int(pid) for pid in re.findall(r"pid=(\d+)", output)))


def one_client(port: int, path: str, requests: int, warm_up: int) -> dict:
    """Latency with nothing else asked: ``requests`` in a row on one connection, after
    ``warm_up`` more."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    seconds = []
    try:
        for number in range(warm_up + requests):
            began = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                return {"error": f"{response.status}: {body[:300]!r}"}
            if number >= warm_up:
                seconds.append(time.perf_counter() - began)
    finally:
        connection.close()
    ordered = sorted(seconds)
    return {
        "requests": requests,
        "median_ms": statistics.median(ordered) * 1000,
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))] * 1000,
    }


def one_client_table(loads: list[Load], found: dict) -> str:
    lines = [
        row_of(["scenario", "target", "one client: median ms", "p90 ms"]),
        row_of(["---", "---", "---:", "---:"]),
    ]
    for load in loads:
        result = found[f"{load.target} {load.scenario}"]
        if "error" in result:
            lines.append(row_of([load.scenario, load.target, result["error"][:60], ""]))
            continue
        lines.append(
            row_of(
                [
                    load.scenario,
                    load.target,
                    f"{result['median_ms']:.1f}",
                    f"{result['p90_ms']:.1f}",
                ]
            )
        )
    return "\n".join(lines)


def one_client_all(loads: list[Load], requests: int, warm_up: int, problems: Problems) -> dict:
    found = {}
    for load in loads:
        result = one_client(load.port, load.path, requests, warm_up)
        if "error" in result:
            problems.add(f"{load.target} {load.scenario}: {result['error']}")
        found[f"{load.target} {load.scenario}"] = result
    print(f"\nOne client, {requests} requests in a row after {warm_up} more:\n")
    print(one_client_table(loads, found))
    return found


def run_wrk(wrk_path: str, url: str, seconds: float, connections: int) -> wrk.Measurement:
    """wrk as bench/wrk.py runs it, with ``connections`` connections."""
    if connections == wrk.CONNECTIONS:
        return wrk.run(wrk_path, url, seconds)
    command = [wrk_path, f"-t{min(wrk.THREADS, connections)}", f"-c{connections}"]
    command += [f"-d{seconds:g}s", f"--timeout={wrk.TIMEOUT}", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return wrk.parse(output)


# --- servers' logs -------------------------------------------------------------------------


def tracebacks(log: Path) -> list[str]:
    """Each traceback in a server's log (a chain of them as one), with its exception line."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    found, current, ended = [], None, False
    chained = ("During handling", "The above exception", "Traceback (most recent call last)")
    for line in lines:
        if current is None:
            if line.startswith(chained[-1]):
                current = [line]
            continue
        if ended and line.strip() and not line.startswith(chained):
            found.append("\n".join(current).rstrip())
            current, ended = ([line], False) if line.startswith(chained[-1]) else (None, False)
            continue
        current.append(line)
        if line.startswith(chained[-1]):
            ended = False
        elif line.strip() and not line.startswith((" ", "\t", *chained)):
            ended = True
    if current is not None:
        found.append("\n".join(current).rstrip())
    return list(dict.fromkeys(found))


def server_errors(target: str) -> str:
    log = API_LOG if target == "api" else DATASETTE_LOG
    found = tracebacks(log)
    if not found:
        return ""
    return f"\n  the server's last traceback ({log.relative_to(ROOT)}):\n" + indent(found[-1])


def check_logs(problems: Problems, servers_name: str) -> None:
    for traceback in tracebacks(API_LOG):
        problems.add(f"a traceback in the log of {servers_name}:\n" + indent(traceback))


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# --- the report ----------------------------------------------------------------------------


def row_of(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def format_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def environment_facts(wrk_path: str) -> dict:
    versions = report.versions(wrk_path, prepare.DATASETTE_PINS, None)
    for name in ("gunicorn", "uvicorn"):
        versions[name] = importlib.metadata.version(name)
    return {
        "command": compare.command_line(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": report.machine(),
        "versions": versions,
        "code": code_version(),
        # Other work on the machine shares the cores with the targets and the clients.
        "load_average_at_start": os.getloadavg(),
    }


def code_version() -> str:
    """The commit served, and how many files of the API differ from it."""

    def git(*arguments: str) -> str:
        command = ["git", "-C", str(ROOT), *arguments]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout

    changed = git("status", "--porcelain", "--", "api", "diplomacy").splitlines()
    commit = git("rev-parse", "--short", "HEAD").strip()
    return f"{commit}, {len(changed)} files of api/ and diplomacy/ changed since"


def format_load(load: tuple) -> str:
    return " ".join(f"{value:.2f}" for value in load) + " (1, 5, 15 min)"


def print_header(options, facts: dict) -> None:
    print(f"# newsroom: {facts['date']}\n")
    print(f"command: {facts['command']}")
    print(f"machine: {report.describe_machine(facts['machine'])}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in facts["versions"].items()))
    print(f"code: {facts['code']}")
    print(f"load average at the start: {format_load(facts['load_average_at_start'])}")
    print(
        f"exports: 1 warm-up and {options.downloads} measured download(s) per target and window; "
        f"wrk: {wrk.THREADS} threads, {wrk.CONNECTIONS} connections ({options.facet_connections} "
        f"for the facets), {options.seconds:g} s a run, 1 warm-up and {options.rounds} measured "
        "round(s)"
    )
    print(
        f"targets: api under gunicorn, {servers.WORKERS} workers ({MEMORY_WORKERS} for the "
        f"memory); datasette: one process, {servers.DATASETTE_SQL_THREADS} SQL threads"
    )


def write_json(document: dict) -> None:
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = prepare.VAR / f"newsroom-{stamp}.json"
    path.write_text(json.dumps(document, indent=2, default=str))
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except prepare.PreparationError as error:
        sys.exit(f"\nnewsroom: {error}")
