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

api: bin/container serve (bench/harness.py), 2 workers (1 for the memory), DEBUG off,
the page cache off and throttling out of the way; gunicorn's recycling of a worker
after about 5,000 requests is off (``--recycle`` keeps it); nginx in front spreads wrk's
connections over the workers. datasette: --immutable, 2 SQL threads, no facet
suggestions, its SQL and facet time limits raised to 10 s so that no count is dropped, no
cap on a CSV's size.

Prints a Markdown report and writes var/bench/newsroom-<timestamp>.json. Exits 1 when
a request failed, or when the targets' row or facet counts differ.
"""

import argparse
import csv
import datetime
import http.client
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

import harness
import prepare
import sql
from harness import ROOT, WARM_UP, WORKERS, Load, Server

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
FEED_PAGE_SIZE = 100
FEED_END_OFFSET = 150  # the end of the feed: a full page, and a next link
SAMPLE_SECONDS = 0.05
DOWNLOAD_TIMEOUT = 900
MEMORY_WORKERS = 1
API_IDLE_PATH = "/health/live"
DATASETTE_DB = prepare.SQLITE_DATABASE.name.split(".")[0]
DATASETTE_IDLE_PATH = f"/{DATASETTE_DB}.json?sql=select+1&_shape=array"
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
    wrk = prepare.ensure_wrk()
    datasette_bin = prepare.ensure_venv(prepare.DATASETTE_VENV, prepare.DATASETTE_PINS)
    database = prepare.ensure_sqlite_database()
    seed = prepare.ensure_seed_database()
    versions = harness.versions(("gunicorn", "uvicorn"), wrk, prepare.DATASETTE_PINS)
    # Other work on the machine shares the cores with the targets and the clients.
    facts = harness.facts(versions, code=code_version(), load_average_at_start=os.getloadavg())
    print_header(options, facts)

    problems = Problems()
    windows = count_windows(database)
    feed = feed_positions(database)
    seed_feed = feed_positions(seed, middle=False)
    document = {**facts, "options": vars(options), "windows": [asdict(w) for w in windows]}

    url = prepare.sqlite_url(database)
    with ExitStack() as stack:
        servers = {
            "api": stack.enter_context(harness.api(url)),
            "datasette": stack.enter_context(datasette(datasette_bin, database)),
        }
        document["exports"] = exports(servers, windows, options, problems)
        document["facets"] = facets(servers, windows, options, wrk, problems)
        print("\n## 3. The change feed: a page of 100 entries at each position", flush=True)
        feeds = {"scale": changes("scale", servers["api"], feed, options, wrk, problems)}
    check_logs(problems, servers["api"], "the API on the scale data")
    with harness.api(prepare.sqlite_url(seed), name="api-seed") as server:
        feeds["seed"] = changes("seed", server, seed_feed, options, wrk, problems)
    check_logs(problems, server, "the API on the seed data")
    document["changes"] = {"feeds": feeds, "position_ratios": feed_ratios(feeds)}
    document["memory"] = memory(url, windows, problems)

    document["load_average_at_end"] = os.getloadavg()
    print(f"\nload average at the end: {format_load(document['load_average_at_end'])}")
    document["problems"] = list(problems)
    harness.write_json("newsroom", document)
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
        f"{harness.CONNECTIONS} elsewhere)",
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


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def count_windows(database: Path) -> list[Window]:
    query = (
        "SELECT count(*) FROM diplomacy_meeting WHERE status = 'published' "
        "AND date_end >= ? AND date_start <= ?"
    )
    with read_only(database) as connection:
        total = connection.execute("SELECT count(*) FROM diplomacy_meeting").fetchone()[0]
        windows = [
            Window(name, first, last, connection.execute(query, (first, last)).fetchone()[0])
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


def datasette(venv_bin: Path, database: Path):
    """Datasette serving the scale database as compare.py serves it, with no facet
    suggestions (the API suggests none) and nothing cut short."""
    return harness.datasette(
        venv_bin,
        database,
        facet_time_limit_ms=harness.DATASETTE_TIME_LIMIT_MS,
        suggest_facets="off",
        max_csv_mb=0,
    )


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
    server: Server, path: str, target: str, window: str, kind: str = "csv", headers=None
) -> Download:
    """One whole answer, parsed as it streams in: CSV rows after the header, or NDJSON lines."""
    result = Download(target, window, path)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=DOWNLOAD_TIMEOUT)
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


def exports(servers: dict[str, Server], windows, options, problems: Problems) -> dict:
    """Each window's export from each target: a check (and warm-up), then --downloads of
    each, alternating which target goes first."""
    print("\n## 1. Exports: every matching meeting as CSV\n", flush=True)
    checks, downloads = [], []
    for window in windows:
        paths = {"api": api_export_path(window), "datasette": datasette_export_path(window)}
        # The check is each target's warm-up too.
        agreed = True
        for target, path in paths.items():
            result = download(servers[target], path, target, window.name)
            checks.append(asdict(result) | {"purpose": "check and warm-up"})
            print(f"    check {window.name:6} {target:9} {describe_download(result)}", flush=True)
            agreed &= expect_rows(result, window.meetings, servers[target], problems)
        if window.name == "narrow":
            checks += other_forms(servers["api"], window, problems)
        if not agreed:
            continue
        for number in range(options.downloads):
            order = list(paths) if number % 2 == 0 else list(paths)[::-1]
            for target in order:
                result = download(servers[target], paths[target], target, window.name)
                downloads.append(result)
                print(f"    {window.name:6} {target:9} {describe_download(result)}", flush=True)
                expect_rows(result, window.meetings, servers[target], problems)
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


def other_forms(api: Server, window: Window, problems: Problems) -> list[dict]:
    """The same export asked for with Accept: text/csv, and as NDJSON: the same rows."""
    forms = [
        ("Accept: text/csv", f"/api/v1/meetings/?{window.api_query()}", "csv", "text/csv"),
        ("NDJSON", api_export_path(window, ".ndjson"), "ndjson", None),
    ]
    checks = []
    for name, path, kind, accept in forms:
        headers = {"Accept": accept} if accept else None
        result = download(api, path, "api", window.name, kind, headers)
        print(f"    check {window.name:6} api {name:16} {describe_download(result)}", flush=True)
        expect_rows(result, window.meetings, api, problems)
        checks.append(asdict(result) | {"purpose": name})
    return checks


def expect_rows(result: Download, expected: int, server: Server, problems: Problems) -> bool:
    if result.error is not None:
        problems.add(
            f"{result.target} {result.window} export {result.path} failed: {result.error}"
            + server_errors(server)
        )
        return False
    if result.rows != expected:
        problems.add(
            f"{result.target} {result.window} export {result.path}: {result.rows:,} rows, "
            f"{expected:,} published meetings in the window" + server_errors(server)
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
            row["api/datasette"] = harness.ratio(
                row["api"]["rows_per_second"], row["datasette"]["rows_per_second"]
            )
            row["api/datasette MB/s"] = harness.ratio(
                row["api"]["megabytes_per_second"], row["datasette"]["megabytes_per_second"]
            )
        summary[window.name] = row
    return summary


def exports_table(summary: dict) -> str:
    header = ["window", "rows"]
    for target in ("api", "datasette"):
        header += [f"{target} rows/s", f"{target} s", f"{target} MB/s", f"{target} bytes/row"]
    header += ["api/datasette rows/s", "api/datasette MB/s"]
    rows = []
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
            harness.format_ratio(row.get("api/datasette")),
            harness.format_ratio(row.get("api/datasette MB/s")),
        ]
        rows.append(cells)
    return harness.markdown(header, rows)


# --- 1b. the export's memory -----------------------------------------------------------------


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
    """Each window's export from a worker of its own, started afresh and warmed by a one-day
    export: its resident memory during the export, above what it held just before."""
    print(
        f"\n## 1b. Export memory: one worker, started afresh per window, RSS every "
        f"{SAMPLE_SECONDS * 1000:.0f} ms\n",
        flush=True,
    )
    warm = Window("one day", *WARM_UP_WINDOW, meetings=0)
    results = []
    for window in windows:
        with harness.api(url, name="api-memory", workers=MEMORY_WORKERS) as server:
            worker = server.workers()[0]
            warming = download(server, api_export_path(warm), "api", warm.name)
            if warming.error:
                problems.add(f"the memory server's warm-up failed: {warming.error}")
            time.sleep(1)
            idle = status_kib(worker, "VmRSS")
            sampler = Sampler(worker)
            sampler.start()
            result = download(server, api_export_path(window), "api", window.name)
            samples = sampler.stop()
            high_water = status_kib(worker, "VmHWM")
        expect_rows(result, window.meetings, server, problems)
        check_logs(problems, server, f"the memory server ({window.name})")  # each starts a log
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
        header = ["window", "rows", "export s", "idle MiB", "peak MiB", "peak above idle MiB"]
        rows = [
            [
                entry["window"],
                f"{entry['rows']:,}",
                f"{entry['seconds']:.1f}",
                *(f"{entry[key] / 1024:.1f}" for key in ("idle_kib", "peak_kib")),
                f"{entry['peak_above_idle_kib'] / 1024:.1f}",
            ]
            for entry in results
        ]
        print()
        print(harness.markdown(header, rows))
    return results


# --- 2. facets -----------------------------------------------------------------------------


def api_facets_path(window: Window) -> str:
    facets = urlencode([("facet", name) for name in FACETS])
    return f"/api/v1/meetings/facets/?{window.api_query()}&{facets}"


def datasette_facets_path(window: Window, bounded: bool = False) -> str:
    facets = urlencode([("_facet", column) for column in FACETS.values()])
    filters = window.datasette_filters(bounded)
    return f"/{DATASETTE_DB}/diplomacy_meeting.json?{facets}&{filters}&_size=0"


def facets(servers: dict[str, Server], windows, options, wrk, problems: Problems) -> dict:
    """Each window's facet counts on every target, checked equal, then timed alone and by wrk."""
    print("\n## 2. Facets: counts by kind, format and country\n", flush=True)
    api, datasette = servers["api"].port, servers["datasette"].port
    connections = options.facet_connections
    loads, checks = [], {}
    for window in windows:
        scenario = f"facets_{window.name}"
        targets = [
            ("api", api, api_facets_path(window), API_IDLE_PATH),
            ("datasette", datasette, datasette_facets_path(window), DATASETTE_IDLE_PATH),
            (BOUNDED, datasette, datasette_facets_path(window, True), DATASETTE_IDLE_PATH),
        ]
        window_loads = [
            Load(scenario, target, port, path, idle_path, connections)
            for target, port, path, idle_path in targets
        ]
        check = check_facets(window_loads, window, servers)
        checks[window.name] = check
        if check["problems"]:
            for problem in check["problems"]:
                problems.add(f"facets, {window.name} window: {problem}")
            continue
        print(f"- {window.name}: {check['summary']}", flush=True)
        loads += window_loads
    alone = one_client_all(loads, *FACET_ONE_CLIENT, problems) if loads else {}
    measured = drive(loads, options, wrk, "facets", problems) if loads else {}
    return {"checks": checks, "one_client": alone, **measured}


def check_facets(loads: list[Load], window: Window, servers: dict[str, Server]) -> dict:
    """Datasette's counts against the API's, and the totals against SQL's. Datasette leaves
    nulls out of its facets; the API counts them as a value of null, which is left out of
    the comparison."""
    found = {"paths": {load.target: load.path for load in loads}, "problems": []}
    answers = {}
    for load in loads:
        answer = harness.get(load.port, load.path, timeout=120)
        if answer.status != 200:
            server = servers["api" if load.target == "api" else "datasette"]
            found["problems"].append(
                f"{load.target} answered {answer.status}: {answer.body[:400]!r}"
                + server_errors(server)
            )
            continue
        answers[load.target] = answer.json()
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


def changes(name: str, server: Server, feed: dict, options, wrk, problems: Problems) -> dict:
    """A page of the feed at each of its positions, checked, then timed alone and by wrk."""
    print(
        f"\n- {name}: {feed['entries']:,} entries, ids {feed['first_id']:,} to {feed['last_id']:,}",
        flush=True,
    )
    loads, checks = [], {}
    for position, since in feed["since"].items():
        scenario = f"{name}_{position}"
        path = changes_path(since)
        check = check_page(server, path, since, feed)
        checks[scenario] = check
        if check["problem"]:
            problems.add(f"change feed, {scenario}: {check['problem']}")
            continue
        loads.append(Load(scenario, "api", server.port, path, API_IDLE_PATH))
    alone = one_client_all(loads, *FEED_ONE_CLIENT, problems) if loads else {}
    measured = drive(loads, options, wrk, f"{name} feed", problems) if loads else {}
    return {**feed, "checks": checks, "one_client": alone, **measured}


def check_page(server: Server, path: str, since: int, feed: dict) -> dict:
    answer = harness.get(server.port, path, timeout=60)
    found = {"path": path, "status": answer.status, "problem": None}
    if answer.status != 200:
        found["problem"] = f"{answer.status}: {answer.body[:400]!r}" + server_errors(server)
        return found
    page = answer.json()
    ids = [entry["id"] for entry in page["results"]]
    remaining = feed["last_id"] - max(since, feed["first_id"] - 1)
    expected = min(FEED_PAGE_SIZE, remaining)
    found |= {"results": len(ids), "first": ids[:1], "last": ids[-1:], "next": page["next"]}
    if len(ids) != expected or (ids and ids[0] <= since) or ids != sorted(ids):
        found["problem"] = f"{len(ids)} entries after {since} (expected {expected} in order)"
    elif (remaining > FEED_PAGE_SIZE) != (page["next"] is not None):
        found["problem"] = f"next is {page['next']!r} with {remaining} entries after {since}"
    return found


def feed_ratios(feeds: dict) -> dict:
    """req/s in the middle and at the end of each feed over its start; the long feed's
    start over the short one's; and the same of one client's median latency."""
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
                ratios[f"{name} {position}/start, req/s"] = harness.ratio(
                    throughput[key], throughput[f"api {name}_start"]
                )
    if "api scale_start" in throughput and "api seed_start" in throughput:
        ratios["scale start/seed start, req/s"] = harness.ratio(
            throughput["api scale_start"], throughput["api seed_start"]
        )
    alone = {key: found for feed in feeds.values() for key, found in feed["one_client"].items()}
    for name in feeds:
        for position in ("middle", "end"):
            first, other = alone.get(f"api {name}_start"), alone.get(f"api {name}_{position}")
            if first and other and "error" not in first and "error" not in other:
                ratios[f"{name} {position}/start, one client's median latency"] = harness.ratio(
                    other["median_ms"], first["median_ms"]
                )
    print()
    for name, value in ratios.items():
        print(f"- {name}: {harness.format_ratio(value)}")
    return ratios


# --- one client, and wrk ---------------------------------------------------------------------


def one_client(port: int, path: str, requests: int, warm_up: int) -> dict:
    """Latency with nothing else asked: ``requests`` in a row on one connection, after
    ``warm_up`` more."""
    client = harness.Client(port, timeout=120)
    seconds = []
    try:
        for number in range(warm_up + requests):
            answer = client.request("GET", path)
            if answer.status != 200:
                return {"error": f"{answer.status}: {answer.body[:300]!r}{answer.error}"}
            if number >= warm_up:
                seconds.append(answer.seconds)
    finally:
        client.close()
    ordered = sorted(seconds)
    return {
        "requests": requests,
        "median_ms": statistics.median(ordered) * 1000,
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))] * 1000,
    }


def one_client_all(loads: list[Load], requests: int, warm_up: int, problems: Problems) -> dict:
    found, rows = {}, []
    for load in loads:
        result = one_client(load.port, load.path, requests, warm_up)
        found[f"{load.target} {load.scenario}"] = result
        if "error" in result:
            problems.add(f"{load.target} {load.scenario}: {result['error']}")
            rows.append([load.scenario, load.target, result["error"][:60], ""])
        else:
            median, p90 = f"{result['median_ms']:.1f}", f"{result['p90_ms']:.1f}"
            rows.append([load.scenario, load.target, median, p90])
    print(f"\nOne client, {requests} requests in a row after {warm_up} more:\n")
    header = ["scenario", "target", "one client: median ms", "p90 ms"]
    print(harness.markdown(header, rows, left=2))
    return found


def drive(loads: list[Load], options, wrk: str, label: str, problems: Problems) -> dict:
    """wrk on ``loads`` as compare.py drives them (harness.drive), then the mean of the
    measured rounds."""
    runs = harness.drive(wrk, loads, options.rounds, options.seconds, label)
    measured, mean, ratios = harness.mean_of_rounds(runs, label)
    counted = [run for run in runs if run.round != WARM_UP]
    for cells in measured:
        for line in harness.problems(cells):
            problems.add(f"{label}: {line}")
    return {
        "results": [asdict(run) for run in runs],
        "mean": harness.keyed(mean),
        "ratios": ratios,
        "measured_runs": len(counted),
    }


# --- servers' logs, and the report's heading --------------------------------------------------


def server_errors(server: Server) -> str:
    found = server.tracebacks()
    if not found:
        return ""
    return f"\n  the server's last traceback ({server.log.relative_to(ROOT)}):\n" + indent(
        found[-1]
    )


def check_logs(problems: Problems, server: Server, description: str) -> None:
    for traceback in server.tracebacks():
        problems.add(f"a traceback in the log of {description}:\n" + indent(traceback))


def indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


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
    harness.print_facts("newsroom", facts)
    print(f"code: {facts['code']}")
    print(f"load average at the start: {format_load(facts['load_average_at_start'])}")
    print(
        f"exports: 1 warm-up and {options.downloads} measured download(s) per target and window; "
        f"wrk: {harness.WRK_THREADS} threads, {harness.CONNECTIONS} connections "
        f"({options.facet_connections} for the facets), {options.seconds:g} s a run, 1 warm-up "
        f"and {options.rounds} measured round(s)"
    )
    print(
        f"targets: api under gunicorn, {WORKERS} workers ({MEMORY_WORKERS} for the "
        f"memory); datasette: one process, {harness.DATASETTE_SQL_THREADS} SQL threads"
    )


if __name__ == "__main__":
    try:
        sys.exit(main())
    except prepare.PreparationError as error:
        sys.exit(f"\nnewsroom: {error}")
