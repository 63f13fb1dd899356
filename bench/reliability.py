"""Faults a production service meets, one at a time, and what clients saw of each.

    .venv/bin/python bench/reliability.py sqlite [--seconds 10] [--outage 5]
    .venv/bin/python bench/reliability.py postgres [--seconds 10] [--outage 5]
    .venv/bin/python bench/reliability.py sqlite --scenarios 8,9,10,11 --before CHECKOUT

Prepares a throwaway database (a SQLite file in a temporary folder, or a new
database on the local PostgreSQL, dropped at the end) with bin/container static
and prepare, a curator token (manage.py create_curator --can-publish
--can-delete) and two curators with passwords, then serves it with gunicorn
(bin/container serve: nginx in front of gunicorn, 2 workers, DEBUG off) on a free port of
127.0.0.1 between 8301 and 8399, and runs:

1. spoofed X-Forwarded-For (THROTTLE_ANON=300/min, THROTTLE_TOKEN=10/min): 400
   anonymous GETs, each claiming another address; 20 wrong passwords at the token
   endpoint for one username, each claiming another address, then the right one;
   1b. the same after axes_reset with the token throttle out of the way
   (django-axes alone): 6 wrong passwords, then the right one;
2. slow clients: 16 connections sending a header line a second for --seconds
   while /health/live is timed every 0.5 s;
3. concurrent PATCHes: --rounds rounds of two PATCHes of different fields of one
   draft topic, sent at once on two connections held by different workers (read
   off /proc), each round read back; a stale If-Match; two PATCHes at once with
   the same If-Match;
4. a worker SIGKILLed a third of the way through --writes POSTs on 4 threads;
   every acknowledged write looked up in the database afterwards;
5. Redis stopped: a cached public list page, Redis shut down (saving its data, so
   that the page is still there when it comes back), a published topic renamed
   meanwhile, Redis started again; every list read after the rename must show it;
6. Redis hung (DEBUG SLEEP for --seconds) under reads and writes;
7. PostgreSQL unreachable (postgres only; the machine's cluster is left alone):
   the app reaches PostgreSQL through a TCP forwarder run by this script, which
   closes its port and every connection for --outage seconds under reads and writes.

8-11. hostile readers, on a copy of var/bench/scale.sqlite3 (built as compare.py builds
   it) with a snapshot of it exported first, served by this checkout and, with
   ``--before CHECKOUT``, first by that one (a git worktree of an earlier commit, with
   its own .venv), throttles at their defaults but the request count:
   8. 4 clients with a 4 KB receive buffer ask for the 80k-row CSV export and never
      read, for --seconds, while /health/live is probed every 0.1 s (target: p99 under
      100 ms, none unanswered in 5 s);
   9. cost per endpoint: 4 anonymous clients asking in a loop for the OpenAPI document,
      the facets of the 80k window, its CSV export, the snapshot's SQLite file and the
      list of snapshots, --seconds each, with /health/live probed;
   10. a POST declaring a 300,000,000-byte body, sent a megabyte at a time: how much the
       server takes in before it answers;
   11. behind a trusted proxy, 5 wrong passwords for a username from 5 forged addresses,
       then the right one from the curator's own address and from a new one.

1-4 count throttles in redis://127.0.0.1:6379/9 (shared by the workers; page
cache off); 5-6 use a redis-server of this script's own on port 6390 (or the
next free one) with API_CACHE_SECONDS=60. Every loop is bounded in count and
time, and traffic goes to 127.0.0.1 only. Prints each scenario's figures and a
Markdown table; writes them to var/bench/reliability-<database>-<timestamp>.json,
the servers' logs beside it. Exits 1 when an expectation was missed (FAILED).
"""

import argparse
import base64
import contextlib
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import harness
import prepare
from harness import (
    REQUEST_MIX,
    ROOT,
    WORKERS,
    Answer,
    Client,
    Database,
    Forwarder,
    Redis,
    Server,
    Tally,
    describe_statuses,
    format_ms,
    free_port,
    in_threads,
    manage,
    print_json,
    running,
)

PORTS = range(8301, 8400)
REDIS_PORTS = range(6390, 6400)
SHARED_REDIS = "redis://127.0.0.1:6379/9"
SCENARIOS = ("1", "1b", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")
LIST_PAGE = "/api/v1/topics/"
CURATOR = "reliability-curator"
EDITORS = ("reliability-editor", "reliability-editor-2")  # users with a password
PASSWORD = "bench-" + secrets.token_hex(8)
HIGH = "100000/min"  # a limit out of the way of a scenario that does not test it
HEALTH_TIMEOUT = 5  # a probe of scenarios 8-9 unanswered this long counts as failed


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def sign_in(client: Client, username: str, password: str, address: str | None = None) -> Answer:
    """A token asked for with HTTP Basic, claiming to come from ``address`` (a random one)."""
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {credentials}"}
    headers["X-Forwarded-For"] = address or random_address()
    return client.request("POST", "/api/v1/auth/token/", headers=headers)


def wrong_then_right(client: Client, username: str, wrong: int) -> tuple[Tally, Answer]:
    """``wrong`` wrong passwords for ``username``, then the right one, each from another
    random address."""
    logins = Tally()
    for n in range(wrong):
        logins.add(sign_in(client, username, f"wrong-{n}"))
    return logins, sign_in(client, username, PASSWORD)


def connection_owners(pids: list[int], server_port: int) -> dict[int, int]:
    """Client port of each established connection to ``server_port`` -> the pid holding it."""
    client_of_inode = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                columns = line.split()
                local, remote, state, inode = columns[1], columns[2], columns[3], columns[9]
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == server_port:
                    client_of_inode[inode] = int(remote.rsplit(":", 1)[1], 16)
    owners = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(descriptor)
                    if target.startswith("socket:[") and target[8:-1] in client_of_inode:
                        owners[client_of_inode[target[8:-1]]] = pid
    return owners


@contextmanager
def probing(server: Server, every: float, timeout: float = HEALTH_TIMEOUT):
    """/health/live on a fresh connection every ``every`` seconds while the block runs; the
    Tally it yields is complete once the block has ended."""
    probes, done = Tally(), threading.Event()

    def probe() -> None:
        while not done.is_set():
            probes.add(Client(server.port, timeout=timeout).request("GET", "/health/live"))
            done.wait(every)

    thread = threading.Thread(target=probe)
    thread.start()
    try:
        yield probes
    finally:
        done.set()
        thread.join()


def stored_topics(database: Database, prefix: str) -> set[str]:
    """The slugs of the stored topics that start with ``prefix``."""
    query = "SELECT slug FROM diplomacy_topic WHERE slug LIKE ?"
    return {slug for (slug,) in database.rows(query, prefix + "%")}


def page_keys(redis: Redis) -> list[str]:
    """The page cache's keys in ``redis``."""
    return redis.cli("--scan", "--pattern", "*api:list:*").split()


# --- the report ----------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    done: str
    lost: str
    saw: str


class Results:
    """Each scenario's row and details, and the expectations missed."""

    def __init__(self):
        self.rows: list[Row] = []
        self.details: dict = {}
        self.failures: list[str] = []

    def expect(self, condition: bool, failure: str) -> None:
        if not condition:
            self.failures.append(failure)
            print(f"!! {failure}", flush=True)

    def add(self, row: Row, details: dict) -> None:
        self.rows.append(row)
        self.details[row.scenario] = details
        print_json(row.scenario, details)
        print(f"-> {row.saw}\n", flush=True)

    def run(self, server: Server, scenario, *arguments) -> None:
        """Run a scenario, then add what the server logged meanwhile to its details."""
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited before {scenario.__name__}: {server.log}")
        mark = server.log_mark()
        scenario(self, server, *arguments)
        self.expect(
            server.process.poll() is None,
            f"gunicorn ({server.name}) exited during {scenario.__name__}: see {server.log}",
        )
        time.sleep(0.5)  # the last access log lines
        logged = server.log_summary(mark)
        self.details[self.rows[-1].scenario]["server_log"] = logged
        print_json("server log meanwhile", logged)

    def table(self) -> str:
        rows = sorted(self.rows, key=lambda row: SCENARIOS.index(row.scenario.split()[0]))
        cells = [
            [cell.replace("|", "\\|") for cell in (row.scenario, row.done, row.lost, row.saw)]
            for row in rows
        ]
        header = ["scenario", "what was done", "what was lost", "what clients saw"]
        return harness.markdown(header, cells, left=4)


# --- the scenarios -------------------------------------------------------------------------


def spoofed_addresses(results: Results, server: Server, requests: int = 400) -> None:
    """The anonymous throttle and the token endpoint, each request claiming another address."""
    # The windows are fixed minutes (api/throttling.py): start the burst early in one that
    # nothing has counted in yet (an earlier run's count lives in the shared Redis a minute).
    window_key = f":1:throttle_anon_127.0.0.1:{int(time.time() // 60)}"
    counted = subprocess.run(
        ["redis-cli", "-n", SHARED_REDIS.rsplit("/", 1)[1], "EXISTS", window_key],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    left = 60 - time.time() % 60
    if left < 25 or counted != "0":
        time.sleep(left + 0.5)
    mark = server.log_mark()
    gets, windows = Tally(), Counter()
    next_index = iter(range(requests))
    lock = threading.Lock()

    def reader(_: int) -> None:
        client = Client(server.port)
        while True:
            with lock:
                if next(next_index, None) is None:
                    break
            window = int(time.time() // 60)
            answer = gets.add(
                client.request("GET", LIST_PAGE, headers={"X-Forwarded-For": random_address()})
            )
            if answer.status == 200:
                with lock:
                    windows[window] += 1

    in_threads(8, reader)
    admitted = max(windows.values(), default=0)

    logins, right = wrong_then_right(Client(server.port), EDITORS[0], 20)
    wrong = [a.status for a in logins.answers]
    first_429 = wrong.index(429) + 1 if 429 in wrong else None
    logged = server.log_summary(mark)["lines"]
    fell_back = logged.get("Throttling cache unavailable; counting in this worker", 0)
    timeouts = logged.get("redis.exceptions.TimeoutError: Timeout reading from socket", 0)
    details = {
        "redis_timeouts_logged": timeouts,
        "requests_counted_per_worker": fell_back,
        "gets": gets.summary(),
        "admitted_per_window": {str(w): n for w, n in sorted(windows.items())},
        "wrong_passwords": logins.summary(),
        "wrong_password_statuses_in_order": wrong,
        "first_429_at_attempt": first_429,
        "right_password": {
            "status": right.status,
            "detail": right.detail(),
            "retry_after": right.headers.get("retry-after"),
        },
    }
    results.expect(admitted <= 300, f"1: {admitted} anonymous GETs admitted in one window (>300)")
    results.expect(200 not in wrong, "1: a wrong password was given a token")
    results.expect(right.status == 429, f"1: the right password after 20 failures: {right.status}")
    results.add(
        Row(
            "1 spoofed X-Forwarded-For",
            f"{requests} anonymous GETs of {LIST_PAGE} on 8 threads, each with another random "
            "X-Forwarded-For, THROTTLE_ANON=300/min; 20 wrong passwords (HTTP Basic) at "
            "/api/v1/auth/token/ for one user, each with another X-Forwarded-For, then the "
            "right one (THROTTLE_TOKEN=10/min)",
            "nothing (reads); " + ("no token issued" if right.status != 200 else "A TOKEN ISSUED"),
            f"GETs: {describe_statuses(gets.statuses())} ({admitted} admitted in the window: "
            f"all counted as 127.0.0.1), max {format_ms(gets.max_ms())}; wrong passwords: "
            f"{describe_statuses(logins.statuses())} (429 from attempt {first_429}); right "
            f'password: {right.status} "{right.detail()}"; server: Redis timed out {timeouts}× '
            f"and {fell_back} requests were counted per worker",
        ),
        details,
    )


def axes_alone(results: Results, server: Server) -> None:
    """django-axes without the token throttle: 6 wrong passwords, then the right one."""
    logins, right = wrong_then_right(Client(server.port), EDITORS[1], 6)
    wrong = [a.status for a in logins.answers]
    details = {
        "wrong_password_statuses_in_order": wrong,
        "right_password": {"status": right.status, "detail": right.detail()},
    }
    results.expect(right.status == 429, f"1b: the right password after 6 failures: {right.status}")
    results.add(
        Row(
            "1b django-axes alone",
            "after manage.py axes_reset, THROTTLE_TOKEN=100000/min: 6 wrong passwords for "
            "another user, each with another X-Forwarded-For, then the right one",
            "no token issued" if right.status != 200 else "A TOKEN ISSUED",
            f"wrong passwords: {', '.join(map(str, wrong))}; right password: {right.status} "
            f'"{right.detail()}"',
        ),
        details,
    )


def slow_clients(results: Results, server: Server, seconds: float, count: int = 16) -> None:
    """``count`` connections trickling a header line a second while /health/live is timed."""
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def slow(n: int) -> None:
        began = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                line = 0
                while time.monotonic() - began < seconds:
                    time.sleep(1)
                    sock.sendall(f"X-Slow-{line}: {n}\r\n".encode())
                    line += 1
                sock.sendall(b"Connection: close\r\n\r\n")
                data = b""
                while chunk := sock.recv(65536):
                    data += chunk
            first = data.split(b"\r\n", 1)[0].decode(errors="replace")
            outcome = f"answered {first.split()[1]}" if first else "closed without an answer"
        except OSError as error:
            outcome = f"{type(error).__name__} after {time.monotonic() - began:.0f} s"
        with lock:
            outcomes[outcome] += 1

    with probing(server, every=0.5, timeout=10) as probes:
        in_threads(count, slow)
    details = {"slow_clients": dict(outcomes), "health_live_probes": probes.summary()}
    results.expect(
        set(probes.statuses()) == {200} and probes.max_ms() < 1000,
        f"2: /health/live while slow clients trickled: {probes.describe()}",
    )
    results.add(
        Row(
            "2 slow clients",
            f"{count} connections each sending a header line a second for {seconds:g} s "
            f"({WORKERS} workers); /health/live timed every 0.5 s meanwhile",
            "nothing",
            f"/health/live: {probes.describe()} (p50 {format_ms(probes.p50_ms())}); slow "
            f"clients: {', '.join(f'{k} ×{v}' for k, v in outcomes.items())}",
        ),
        details,
    )


def pinned_pair(server: Server, token: str) -> tuple[Client, Client]:
    """Two kept-alive connections for a race. Behind nginx (bin/container serve) every
    connection is nginx's, and two requests at once are served by two threads or workers
    whatever the connections: any two will do."""
    first = Client(server.port, token)
    first.request("GET", "/health/live")
    return first, Client(server.port, token)


def at_once(pair: tuple[Client, Client], requests: list[tuple]) -> list[Answer]:
    """Send one request on each connection of ``pair`` at the same moment."""
    answers: list = [None, None]
    barrier = threading.Barrier(2)

    def send(index: int) -> None:
        barrier.wait(timeout=10)
        answers[index] = pair[index].request(*requests[index])

    in_threads(2, send)
    return answers


def concurrent_patches(results: Results, server: Server, token: str, rounds: int) -> None:
    setup = Client(server.port, token)
    slug = f"rel-race-{uuid.uuid4().hex[:8]}"
    path = f"/api/v1/topics/{slug}/"
    created = setup.request(
        "POST", "/api/v1/topics/", {"slug": slug, "name": "Race", "description": "Race"}
    )
    if created.status != 201:
        raise RuntimeError(f"creating the draft topic answered {created.status}: {created.body!r}")
    patches, lost, losses = Tally(), 0, []
    pair = pinned_pair(server, token)
    cross_worker_rounds = 0
    for number in range(rounds):
        if pair[0].local_port() is None or pair[1].local_port() is None:
            pair = pinned_pair(server, token)
        owners = connection_owners(server.workers(), server.port)
        if owners.get(pair[0].local_port()) != owners.get(pair[1].local_port()):
            cross_worker_rounds += 1
        name, description = f"Name {number}", f"Description {number}"
        for answer in at_once(
            pair, [("PATCH", path, {"name": name}), ("PATCH", path, {"description": description})]
        ):
            patches.add(answer)
        stored = setup.request("GET", path).json() or {}
        for key, expected in (("name", name), ("description", description)):
            if stored.get(key) != expected:
                lost += 1
                losses.append({"round": number, "field": key, "stored": stored.get(key)})

    # A stale ETag: read, someone else writes, then write with what was read.
    etag = setup.request("GET", path).headers.get("etag")
    setup.request("PATCH", path, {"description": "changed by someone else"})
    stale = setup.request("PATCH", path, {"name": "stale write"}, headers={"If-Match": etag})
    after_stale = (setup.request("GET", path).json() or {}).get("name")

    # Two writers who read the same version: one must win, the other be told (412).
    etag = setup.request("GET", path).headers.get("etag")
    pair = pinned_pair(server, token)
    both = at_once(
        pair,
        [
            ("PATCH", path, {"name": "writer A"}, {"If-Match": etag}),
            ("PATCH", path, {"description": "writer B"}, {"If-Match": etag}),
        ],
    )
    stored = setup.request("GET", path).json() or {}
    applied = [stored.get("name") == "writer A", stored.get("description") == "writer B"]
    race_statuses = [answer.status for answer in both]
    race_consistent = sorted(race_statuses) == [200, 412] and applied == [
        status == 200 for status in race_statuses
    ]
    details = {
        "record": path,
        "patches": patches.summary(),
        "rounds": rounds,
        "rounds_on_two_workers": cross_worker_rounds,
        "lost_field_changes": lost,
        "losses": losses,
        "stale_if_match": {"status": stale.status, "detail": stale.detail(), "name": after_stale},
        "same_if_match_at_once": {"statuses": race_statuses, "applied": applied},
    }
    results.expect(lost == 0, f"3: {lost} field changes lost in {rounds} rounds")
    results.expect(set(patches.statuses()) == {200}, f"3: PATCHes answered {patches.describe()}")
    results.expect(
        stale.status == 412 and after_stale != "stale write",
        f"3: a stale If-Match answered {stale.status}",
    )
    results.expect(race_consistent, f"3: two PATCHes with one If-Match: {race_statuses} {applied}")
    results.add(
        Row(
            "3 concurrent PATCHes",
            f"{rounds} rounds of 2 PATCHes at once (name; description) of one draft topic, on "
            f"2 connections held by different workers ({cross_worker_rounds} rounds), each round "
            "read back; a PATCH with a stale If-Match; 2 PATCHes at once with the same If-Match",
            f"{lost} of {2 * rounds} field changes",
            f"PATCHes: {patches.describe()}; stale If-Match: {stale.status}; same If-Match at "
            f"once: {' and '.join(map(str, race_statuses))}, only the 200's change stored: "
            f"{'yes' if race_consistent else 'NO'}",
        ),
        details,
    )


def worker_kill(
    results: Results, server: Server, database: Database, token: str, writes: int
) -> None:
    """SIGKILL a worker a third of the way through ``writes`` POSTs on 4 threads."""
    prefix = f"rel-kill-{uuid.uuid4().hex[:6]}-"
    answers: dict[str, Answer] = {}
    tally = Tally()
    lock = threading.Lock()
    numbers = iter(range(writes))

    def writer(_: int) -> None:
        client = Client(server.port, token)
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            slug = f"{prefix}{number}"
            body = {"slug": slug, "name": f"Kill {number}", "description": "worker kill"}
            answer = tally.add(client.request("POST", "/api/v1/topics/", body))
            with lock:
                answers[slug] = answer

    before = server.workers()
    with running(4, writer):
        deadline = time.monotonic() + 60
        while len(answers) < writes // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        held = Counter(connection_owners(before, server.port).values())
        victim = held.most_common(1)[0][0] if held else before[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = len(answers)
    replaced = server.wait_for_workers()
    stored = stored_topics(database, prefix)
    acknowledged = [slug for slug, a in answers.items() if 200 <= a.status < 300]
    missing = [slug for slug in acknowledged if slug not in stored]
    unacknowledged = [slug for slug, a in answers.items() if not 200 <= a.status < 300]
    stored_anyway = [slug for slug in unacknowledged if slug in stored]
    server_errors = [a for a in answers.values() if a.status >= 500]
    details = {
        "writes": tally.summary(),
        "workers_before": before,
        "killed": victim,
        "connections_it_held": held.get(victim, 0),
        "killed_after_answers": killed_at,
        "workers_after": server.workers(),
        "replaced_within_30_s": replaced,
        "acknowledged": len(acknowledged),
        "acknowledged_missing": missing,
        "unacknowledged": len(unacknowledged),
        "unacknowledged_but_stored": stored_anyway,
        "server_errors": [(a.status, a.body[:300].decode(errors="replace")) for a in server_errors],
    }
    results.expect(not missing, f"4: {len(missing)} acknowledged writes missing after the kill")
    # A request the killed worker was serving is answered by the proxy: 503, try again.
    told_to_retry = [a for a in server_errors if a.is_problem_to_retry()]
    results.expect(
        len(told_to_retry) == len(server_errors) <= 4,
        f"4: {len(server_errors)} answers were 5xx, {len(told_to_retry)} of them 503 problems "
        "with Retry-After",
    )
    results.expect(replaced, "4: the killed worker was not replaced within 30 s")
    results.add(
        Row(
            "4 worker SIGKILL",
            f"{writes} POSTs of new topics on 4 threads; SIGKILL of the worker holding "
            f"{held.get(victim, 0)} of the 4 connections after {killed_at} answers; then every "
            "slug looked up in the database",
            f"{len(missing)} of {len(acknowledged)} acknowledged writes; "
            f"{len(stored_anyway)} of {len(unacknowledged)} unanswered ones were stored anyway",
            f"{tally.describe()}; 5xx: {len(server_errors)}; worker replaced: "
            f"{'yes' if replaced else 'NO'}",
        ),
        details,
    )


def redis_stopped(
    results: Results, server: Server, redis: Redis, token: str, seconds: float
) -> None:
    """A cached page, Redis down while a published topic is renamed, Redis back with the page."""
    reader, writer = Client(server.port), Client(server.port, token)
    warm = Tally()
    for _ in range(5):
        warm.add(reader.request("GET", LIST_PAGE))
    cached_keys = page_keys(redis)
    new_name = f"Ceasefire (renamed while Redis was down, {uuid.uuid4().hex[:6]})"
    redis.stop(save=True)
    during, stale = Tally(), []
    began = time.monotonic()
    renamed_at = None
    rename = None
    while time.monotonic() - began < seconds:
        if renamed_at is None and time.monotonic() - began > 1:
            rename = writer.request("PATCH", "/api/v1/topics/ceasefire/", {"name": new_name})
            renamed_at = time.monotonic()
        answer = during.add(reader.request("GET", LIST_PAGE))
        if renamed_at is not None and new_name.encode() not in answer.body:
            stale.append(("redis down", round(answer.began - began, 2), answer.status))
        time.sleep(0.1)
    redis.start()
    survived = [key for key in page_keys(redis) if key in cached_keys]
    after = Tally()
    restarted = time.monotonic()
    # Past REDIS_RETRY_SECONDS (5 s), when the workers ask Redis again.
    while time.monotonic() - restarted < 7:
        answer = after.add(reader.request("GET", LIST_PAGE))
        if new_name.encode() not in answer.body:
            stale.append(("redis back", round(answer.began - restarted, 2), answer.status))
        time.sleep(0.2)
    pages_cached_after = len(page_keys(redis)) - len(survived)
    details = {
        "warm_reads": warm.summary(),
        "page_keys_before_stop": len(cached_keys),
        "rename": {"status": rename.status if rename else None, "name": new_name},
        "reads_while_down": during.summary(),
        "old_pages_still_in_redis_after_restart": len(survived),
        "reads_after_restart": after.summary(),
        "new_pages_cached_after_restart": pages_cached_after,
        "stale_reads": stale,
    }
    results.expect(rename is not None and rename.status == 200, "5: the rename failed")
    results.expect(not stale, f"5: {len(stale)} list reads missed the rename")
    results.expect(
        set(during.statuses()) | set(after.statuses()) == {200},
        f"5: reads answered {during.describe()} / {after.describe()}",
    )
    results.add(
        Row(
            "5 Redis stopped",
            f"API_CACHE_SECONDS=60: {LIST_PAGE} read 5 times (cached); Redis shut down (SAVE) "
            f"for {seconds:g} s, reads every 0.1 s, a published topic renamed by PATCH 1 s in; "
            f"Redis started again with the old page ({len(survived)} old page key(s) still "
            "there), reads every 0.2 s for 7 s",
            f"stale reads after the rename: {len(stale)}",
            f"cached: max {format_ms(warm.max_ms())}; Redis down: {during.describe()}; rename "
            f"{rename.status if rename else 'not sent'} in {format_ms(rename.seconds * 1000)}; "
            f"Redis back: {after.describe()}",
        ),
        details,
    )


def reads_and_writes(server: Server, token: str, seconds: float, label: str) -> dict:
    """4 threads reading LIST_PAGE, one renumbering a published topic every 0.5 s; a read
    that began after a write was acknowledged and does not show it is stale."""
    reads, writes = Tally(), Tally()
    acknowledged: list[tuple[float, int]] = []  # (answered at, write number)
    stale = []
    pattern = re.compile(rf"{label} write #(\d+)".encode())
    began = time.monotonic()
    end = began + seconds

    def read(_: int) -> None:
        reader = Client(server.port)
        while time.monotonic() < end:
            done = [n for at, n in list(acknowledged) if at < time.monotonic()]
            answer = reads.add(reader.request("GET", LIST_PAGE))
            seen = [int(n) for n in pattern.findall(answer.body)]
            if done and answer.status == 200 and (not seen or max(seen) < max(done)):
                stale.append(round(answer.began - began, 2))

    def write(_: int) -> None:
        editor, number = Client(server.port, token), 0
        while time.monotonic() < end:
            number += 1
            body = {"description": f"{label} write #{number}"}
            answer = writes.add(editor.request("PATCH", "/api/v1/topics/hostages/", body))
            if answer.status == 200:
                acknowledged.append((time.monotonic(), number))
            time.sleep(0.5)

    with running(4, read), running(1, write):
        pass
    return {"reads": reads, "writes": writes, "stale": stale}


def redis_hung(results: Results, server: Server, redis: Redis, token: str, seconds: float) -> None:
    """The same reads and writes with Redis up, then while it sleeps (DEBUG SLEEP)."""
    time.sleep(6)  # past REDIS_RETRY_SECONDS: the workers use Redis again
    mark = server.log_mark()
    up = reads_and_writes(server, token, 4, "Up")
    logged_while_up = server.log_summary(mark)
    sleeper = subprocess.Popen(
        ["redis-cli", "-p", str(redis.port), "DEBUG", "SLEEP", f"{seconds:g}"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.2)
    hung = reads_and_writes(server, token, seconds - 1, "Hung")
    try:
        sleeper.wait(timeout=seconds + 10)
    except subprocess.TimeoutExpired:
        sleeper.kill()
        sleeper.wait()
    reads, writes, stale = hung["reads"], hung["writes"], up["stale"] + hung["stale"]
    slow = [round(a.seconds * 1000) for a in reads.answers + writes.answers if a.seconds > 0.2]
    details = {
        "redis_up": {
            "reads": up["reads"].summary(),
            "writes": up["writes"].summary(),
            "server_log": logged_while_up,
        },
        "redis_hung": {"reads": reads.summary(), "writes": writes.summary()},
        "answers_over_200_ms_while_hung": slow,
        "stale_reads": stale,
    }
    worst = max(reads.max_ms(), writes.max_ms())
    results.expect(worst < 1000, f"6: an answer took {format_ms(worst)} while Redis hung")
    results.expect(
        set(reads.statuses()) | set(writes.statuses()) == {200},
        f"6: answers while Redis hung: {reads.describe()} / {writes.describe()}",
    )
    results.expect(not stale, f"6: {len(stale)} reads missed an acknowledged write")
    results.add(
        Row(
            "6 Redis hung",
            f"4 threads reading {LIST_PAGE} and a PATCH of a published topic every 0.5 s: "
            f"4 s with Redis up, then {seconds - 1:g} s of a DEBUG SLEEP {seconds:g} on the "
            "page cache's Redis",
            f"stale reads: {len(stale)}",
            f"Redis up: reads p50 {format_ms(up['reads'].p50_ms())}, max "
            f"{format_ms(up['reads'].max_ms())}; hung: reads {reads.describe()} (p50 "
            f"{format_ms(reads.p50_ms())}), writes {writes.describe()}",
        ),
        details,
    )


def database_unreachable(
    results: Results,
    server: Server,
    forwarder: Forwarder,
    database: Database,
    token: str,
    outage: float,
    before: float = 3,
) -> None:
    """Reads and writes while the forwarder to PostgreSQL is closed for ``outage`` seconds,
    then as long again and 8 s more: the pool retries connecting with a growing delay."""
    after = outage + 8
    prefix = f"rel-db-{uuid.uuid4().hex[:6]}-"
    reads, writes = Tally(), Tally()
    written: dict[str, Answer] = {}
    lock = threading.Lock()
    start = time.monotonic()
    end = start + before + outage + after
    counter = iter(range(1_000_000))

    def read(n: int) -> None:
        client, index = Client(server.port), n
        while time.monotonic() < end:
            reads.add(client.request("GET", REQUEST_MIX[index % len(REQUEST_MIX)]))
            index += 1
            time.sleep(0.05)

    def write(_: int) -> None:
        client = Client(server.port, token)
        while time.monotonic() < end:
            with lock:
                slug = f"{prefix}{next(counter)}"
            body = {"slug": slug, "name": f"Outage {slug}", "description": "database outage"}
            answer = writes.add(client.request("POST", "/api/v1/topics/", body))
            with lock:
                written[slug] = answer
            time.sleep(0.1)

    with running(4, read), running(2, write):
        time.sleep(before)
        stopping = time.monotonic()
        forwarder.stop()
        stopped = time.monotonic()  # the port and every connection closed
        time.sleep(outage / 2)
        ready = Client(server.port).request("GET", "/health/ready")
        time.sleep(max(0.0, stopped + outage - time.monotonic()))
        forwarder.start()
        restarted = time.monotonic()

    every = reads.answers + writes.answers
    began_during = [a for a in every if stopped <= a.began < restarted]
    # Answered before the database was back: these must say 503, Retry-After. The others
    # waited for a connection (up to 5 s) and may have got one once it was back.
    during = [a for a in began_during if a.began + a.seconds < restarted]
    waited = [a for a in began_during if a.began + a.seconds >= restarted]
    in_flight = [a for a in every if a.began < stopped < a.began + a.seconds]
    unexpected = [
        f"{a.status} {a.headers.get('content-type', '')} Retry-After {a.headers.get('retry-after')}"
        for a in during
        if not a.is_problem_to_retry()
    ]
    recovered = [a.began + a.seconds for a in every if a.began >= restarted and a.status < 300]
    recovery = round(min(recovered) - restarted, 2) if recovered else None
    outside = [
        a
        for a in every
        if a.began + a.seconds < stopping or a.began > restarted + (recovery or 0) + 1
    ]
    stored = stored_topics(database, prefix)
    acknowledged = [slug for slug, a in written.items() if 200 <= a.status < 300]
    missing = [slug for slug in acknowledged if slug not in stored]
    refused_but_stored = [s for s, a in written.items() if a.status >= 500 and s in stored]
    details = {
        "reads": reads.summary(),
        "writes": writes.summary(),
        "in_flight_when_closed": describe_statuses(Counter(a.status for a in in_flight)),
        "began_and_answered_during_outage": len(during),
        "began_during_answered_after": describe_statuses(Counter(a.status for a in waited)),
        "during_outage_not_503_problem_with_retry_after": dict(Counter(unexpected)),
        "slowest_begun_during_outage_s": round(
            max((a.seconds for a in began_during), default=0), 2
        ),
        "health_ready_during_outage": [ready.status, ready.json()],
        "recovery_seconds_after_restart": recovery,
        "non_2xx_before_and_after_recovery": describe_statuses(
            Counter(a.status for a in outside if not 200 <= a.status < 300)
        ),
        "acknowledged_writes": len(acknowledged),
        "acknowledged_missing": missing,
        "answered_5xx_but_stored": refused_but_stored,
    }
    worst = max((a.seconds for a in every), default=0)
    results.expect(not missing, f"7: {len(missing)} acknowledged writes missing")
    results.expect(not unexpected, f"7: answers during the outage: {Counter(unexpected)}")
    results.expect(worst < outage + 2, f"7: an answer took {worst:.1f} s")
    results.expect(recovery is not None, "7: no request succeeded after the database came back")
    results.expect(not refused_but_stored, f"7: {len(refused_but_stored)} writes 5xx but stored")
    results.add(
        Row(
            "7 PostgreSQL unreachable",
            f"the app reaches PostgreSQL through a TCP forwarder in this script; 4 threads "
            f"reading the request mix, 2 POSTing new topics; the forwarder closed (port and "
            f"every connection) for {outage:g} s after {before:g} s, then open {after:g} s",
            f"{len(missing)} of {len(acknowledged)} acknowledged writes; "
            f"{len(refused_but_stored)} answered 5xx but stored",
            f"reads {reads.describe()}; writes {writes.describe()}; begun and answered during "
            f"the outage: {len(during)}, all 503 problem+json with Retry-After: "
            f"{'yes' if not unexpected else 'NO'}; begun during it, answered once it was back: "
            f"{describe_statuses(Counter(a.status for a in waited))}; /health/ready "
            f"{ready.status}; first success {recovery} s after the database was back",
        ),
        details,
    )


# --- hostile readers on the scale data (8-11), before and after ----------------------------

# The window of about 80,000 published meetings (2016 to 2023), as bench/newsroom.py.
EXPORT_80K = "/api/v1/meetings.csv?date_from=2016-01-01&date_to=2023-12-31"
FACETS_80K = "/api/v1/meetings/facets/?date_from=2016-01-01&date_to=2023-12-31"
COST_ENDPOINTS = {
    "OpenAPI document": "/api/v1/schema/",
    "facets, 80k window": FACETS_80K,
    "CSV export, 80k window": EXPORT_80K,
    "snapshot SQLite download": "/api/v1/snapshots/latest/diplomacy.sqlite3",
    "snapshot list": "/api/v1/snapshots/",
}


def health_summary(probes: Tally) -> dict:
    failed = sum(1 for answer in probes.answers if answer.status != 200)
    return {
        "probes": len(probes.answers),
        "failed": failed,
        "p50_ms": round(probes.percentile_ms(0.5), 1),
        "p99_ms": round(probes.percentile_ms(0.99), 1),
        "max_ms": round(probes.max_ms(), 1),
    }


def describe_health(health: dict) -> str:
    return (
        f"/health/live p50 {format_ms(health['p50_ms'])}, p99 {format_ms(health['p99_ms'])}, "
        f"{health['failed']} of {health['probes']} unanswered in {HEALTH_TIMEOUT} s"
    )


def non_reading_exports(
    results: Results, server: Server, label: str, seconds: float, count: int = 4
) -> None:
    """``count`` clients with a 4 KB receive buffer ask for the 80k-row export and never
    read it, while /health/live is probed every 0.1 s."""
    held = []
    for _ in range(count):
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.connect(("127.0.0.1", server.port))
        client.sendall(f"GET {EXPORT_80K} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        held.append(client)
    time.sleep(1)
    with probing(server, every=0.1) as probes:
        time.sleep(seconds)
    statuses = Counter()
    for client in held:
        client.settimeout(1)
        try:
            first = client.recv(64).split(b"\r\n", 1)[0].decode(errors="replace")
            statuses[first.split()[1] if len(first.split()) > 1 else "closed"] += 1
        except OSError as error:
            statuses[type(error).__name__] += 1
        client.close()
    health = health_summary(probes)
    name = f"8 {label}: non-reading export clients"
    results.expect(
        label != "after" or (health["failed"] == 0 and health["p99_ms"] < 100),
        f"{name}: {describe_health(health)}",
    )
    results.add(
        Row(
            name,
            f"{count} clients with a 4 KB receive buffer ask for {EXPORT_80K} and read nothing "
            f"for {seconds:g} s; /health/live probed every 0.1 s",
            "nothing",
            f"{describe_health(health)}; the export clients' status lines: "
            f"{', '.join(f'{k} ×{v}' for k, v in statuses.items())}",
        ),
        {"health": health, "export_status_lines": dict(statuses)},
    )


def endpoint_costs(results: Results, server: Server, label: str, seconds: float) -> None:
    """For each expensive endpoint, 4 anonymous clients asking for it in a loop for
    ``seconds`` (each answer read in full), while /health/live is probed."""
    rows, summaries = [], {}
    for name, path in COST_ENDPOINTS.items():
        answers, done = Tally(), threading.Event()

        def client(_: int, path=path, answers=answers, done=done) -> None:
            connection = Client(server.port, timeout=120)
            while not done.is_set():
                answers.add(connection.request("GET", path))

        with probing(server, every=0.2) as probes, running(4, client):
            time.sleep(seconds)
            done.set()
        health = health_summary(probes)
        sizes = [len(answer.body) for answer in answers.answers if answer.status == 200]
        summaries[name] = {
            "answers": answers.summary(),
            "p50_ms": round(answers.p50_ms(), 1),
            "bytes_per_200": round(statistics.fmean(sizes)) if sizes else None,
            "health": health,
        }
        rows.append(
            f"{name}: {describe_statuses(answers.statuses())}, p50 "
            f"{format_ms(answers.p50_ms())}; {describe_health(health)}"
        )
    results.add(
        Row(
            f"9 {label}: cost per endpoint",
            "4 anonymous clients on one address asking for each endpoint in a loop for "
            f"{seconds:g} s (throttles and budgets at their defaults but the request count); "
            "/health/live probed every 0.2 s",
            "nothing",
            "; ".join(rows),
        ),
        summaries,
    )


def oversize_body(results: Results, server: Server, label: str, declared: int = 300_000_000):
    """A POST declaring a body of ``declared`` bytes, sent a megabyte at a time until the
    server answers or closes: how much it takes in first."""
    chunk = b"x" * (1 << 20)
    sent, began, first = 0, time.monotonic(), ""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
        client.sendall(
            b"POST /api/v1/topics/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n" + f"Content-Length: {declared}\r\n\r\n".encode()
        )
        client.setblocking(False)
        while sent < declared and time.monotonic() - began < 120:
            try:
                answer = client.recv(256)
                first = answer.split(b"\r\n", 1)[0].decode(errors="replace") or "closed"
                break
            except BlockingIOError:
                pass
            except OSError as error:
                first = type(error).__name__
                break
            try:
                sent += client.send(chunk)
            except BlockingIOError:
                time.sleep(0.001)
            except OSError as error:
                first = type(error).__name__
                break
        if not first:
            client.setblocking(True)
            client.settimeout(30)
            try:
                first = client.recv(256).split(b"\r\n", 1)[0].decode(errors="replace")
            except OSError as error:
                first = type(error).__name__
    elapsed = time.monotonic() - began
    results.add(
        Row(
            f"10 {label}: oversized body",
            f"an anonymous POST declaring Content-Length {declared:,}, its body sent a "
            "megabyte at a time until the server answered or closed",
            "nothing",
            f"{sent / (1 << 20):,.0f} MiB taken in before the answer {first!r}, after "
            f"{elapsed:.2f} s",
        ),
        {"sent_bytes": sent, "answer": first, "seconds": round(elapsed, 2)},
    )


def forged_lockout(results: Results, server: Server, label: str) -> None:
    """Behind a trusted proxy: the curator signs in once from their address; a stranger
    sends five wrong passwords from five forged addresses; then the curator signs in from
    their address, and from a new one."""
    client = Client(server.port)

    def login(password: str, address: str) -> Answer:
        return sign_in(client, EDITORS[1], password, address)

    own = "203.0.113.9"
    first = login(PASSWORD, own)
    wrong = [login(f"guess-{n}", f"198.51.100.{n}").status for n in range(5)]
    known = login(PASSWORD, own)
    new = login(PASSWORD, "192.0.2.44")
    waited = None
    if new.status == 429 and int(new.headers.get("retry-after", "0")) <= 60:
        time.sleep(int(new.headers["retry-after"]) + 0.5)
        waited = login(PASSWORD, "192.0.2.44")
    name = f"11 {label}: lockout from forged addresses"
    results.expect(label != "after" or known.status == 200, f"{name}: {known.status}")
    results.add(
        Row(
            name,
            "behind a trusted proxy, the curator signs in from 203.0.113.9; 5 wrong "
            "passwords for that username from 5 other addresses; then the right one from "
            "203.0.113.9 and from a new address",
            "the curator's access" if known.status != 200 else "nothing",
            f"first sign-in {first.status}; wrong passwords {wrong}; from the curator's "
            f'address {known.status} "{known.detail()}"; from a new address {new.status} '
            f"(Retry-After {new.headers.get('retry-after')})"
            + (f", after waiting {waited.status}" if waited is not None else ""),
        ),
        {
            "first": first.status,
            "wrong": wrong,
            "known_address": [known.status, known.detail()],
            "new_address": [new.status, new.headers.get("retry-after"), new.detail()],
            "new_address_after_waiting": waited.status if waited is not None else None,
        },
    )


def scale_copy(folder: Path, label: str) -> Path:
    """A copy of var/bench/scale.sqlite3 for one server; ``before``'s in the journal mode it
    was built in (rollback), today's as the app leaves it."""
    source = prepare.ensure_sqlite_database()
    target = folder / f"scale-{label}.sqlite3"
    subprocess.run(["cp", "--sparse=always", str(source), str(target)], check=True)
    return target


def add_editors(environment: dict, root: Path = ROOT) -> None:
    """EDITORS, staff curators with PASSWORD, in the database of ``environment``."""
    code = (
        "import os\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "for name in os.environ['RELIABILITY_USERS'].split():\n"
        "    user, _ = get_user_model().objects.get_or_create(username=name)\n"
        "    user.set_password(os.environ['RELIABILITY_PASSWORD'])\n"
        "    user.is_staff = True\n"
        "    user.save()\n"
        "    user.groups.add(Group.objects.get(name='curators'))\n"
    )
    users = {"RELIABILITY_USERS": " ".join(EDITORS), "RELIABILITY_PASSWORD": PASSWORD}
    manage({**environment, **users}, "shell", "-c", code, root=root)


def hostile_readers(results: Results, options, base: dict, folder: Path, snapshot_root: Path):
    """Scenarios 8-11 on a copy of the scale data, served by this checkout and, with
    ``--before``, by that one too, one after the other."""
    targets = [("after", ROOT)]
    if options.before:
        targets.insert(0, ("before", Path(options.before).resolve()))
    for label, root in targets:
        environment = on_a_port(
            base,
            DATABASE_URL=f"sqlite:///{scale_copy(folder, label)}",
            PYTHON=str(root / ".venv" / "bin" / "python"),
            SNAPSHOT_ROOT=str(snapshot_root),
            THROTTLE_TOKEN=HIGH,
            LOGIN_FAILURE_LIMIT="5",
            TRUSTED_PROXIES="127.0.0.1",  # today's setting
            TRUSTED_PROXY_COUNT="1",  # the setting before
        )
        limits = ("ANONYMOUS_WORKER_SECONDS", "EXPORTS_PER_CLIENT", "EXPORTS_TOTAL")
        for limit in (*limits, "REQUESTS_PER_CLIENT"):
            environment.pop(limit, None)  # at their defaults
        add_editors(environment, root)
        with serving(options, f"scale-{label}", environment, root) as server:
            wanted = options.scenarios
            if "8" in wanted:
                results.run(server, non_reading_exports, label, options.seconds)
            if "9" in wanted:
                results.run(server, endpoint_costs, label, options.seconds)
            if "10" in wanted:
                results.run(server, oversize_body, label)
            if "11" in wanted:
                results.run(server, forged_lockout, label)


# --- the run -------------------------------------------------------------------------------


def base_environment(database_url: str, static_root: Path) -> dict:
    """harness.server_environment (DEBUG off, the bench key), limits out of the way, no Redis."""
    environment = harness.server_environment(database_url)
    environment.pop("REDIS_URL", None)
    environment.pop("API_CACHE_SECONDS", None)
    return {
        **environment,
        "DJANGO_STATIC_ROOT": str(static_root),
        "THROTTLE_ANON": HIGH,
        "THROTTLE_USER": HIGH,
        "THROTTLE_TOKEN": "10/min",
        "TRUSTED_PROXY_COUNT": "0",
    }


def on_a_port(base: dict, **settings: str) -> dict:
    return {**base, "PORT": str(free_port(PORTS)), **settings}


def serving(options, name: str, environment: dict, root: Path = ROOT):
    """bin/container serve, its log in var/bench/reliability-<database>-<name>.log."""
    return harness.app(environment, f"reliability-{options.database}-{name}", root)


def prepare_database(environment: dict) -> str:
    """Static files, migrations and the seed data; a curator token; two users with passwords."""
    for step in ("static", "prepare"):
        subprocess.run(
            [str(ROOT / "bin" / "container"), step],
            cwd=ROOT,
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    token = manage(environment, "create_curator", CURATOR, "--can-publish", "--can-delete").strip()
    add_editors(environment)
    return token


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--seconds",
        type=float,
        default=10,
        help="how long slow clients trickle, Redis stays stopped and stays hung (default 10)",
    )
    parser.add_argument(
        "--outage", type=float, default=5, help="seconds PostgreSQL is unreachable (default 5)"
    )
    parser.add_argument("--rounds", type=int, default=20, help="concurrent PATCH rounds (20)")
    parser.add_argument("--writes", type=int, default=200, help="POSTs around the kill (200)")
    parser.add_argument(
        "--before",
        metavar="CHECKOUT",
        help="8-11 also against the app served from this checkout (with its own .venv), "
        "first: a git worktree of an earlier commit, for figures before and after",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"which to run, comma-separated (default {','.join(SCENARIOS)}; 7 on postgres only)",
    )
    options = parser.parse_args()
    options.scenarios = {name.strip() for name in options.scenarios.split(",") if name.strip()}
    unknown = options.scenarios - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {sorted(unknown)}; choose from {', '.join(SCENARIOS)}")
    return options


def main() -> int:
    options = parse_arguments()
    prepare.check_project_python()
    harness.VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    postgresql = prepare.postgresql_server_version() if options.database == "postgres" else None
    packages = ("gunicorn", "uvicorn", "django-axes")
    facts = harness.facts(harness.versions(packages, postgresql=postgresql, redis=True))
    harness.print_facts(f"reliability {options.database}", facts)

    results = Results()
    timings = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="reliability-")))
        database = stack.enter_context(
            harness.throwaway_database(options.database, folder, prefix="reliability")
        )
        base = base_environment(database.url, folder / "static")
        token = prepare_database(base)
        timings["prepare_s"] = round(time.monotonic() - started, 1)
        print(f"\nprepared in {timings['prepare_s']} s\n", flush=True)

        wanted = options.scenarios
        if wanted & {"1", "2", "3", "4"}:
            # Throttle counts shared by the workers; no page cache in a Redis others use too.
            main = on_a_port(
                base, REDIS_URL=SHARED_REDIS, API_CACHE_SECONDS="0", THROTTLE_ANON="300/min"
            )
            with serving(options, "main", main) as server:
                if "1" in wanted:
                    results.run(server, spoofed_addresses)
                if "2" in wanted:
                    results.run(server, slow_clients, options.seconds)
                if "3" in wanted:
                    results.run(server, concurrent_patches, token, options.rounds)
                if "4" in wanted:
                    results.run(server, worker_kill, database, token, options.writes)

        if wanted & {"1b", "5", "6"}:
            redis = stack.enter_context(harness.redis_server(folder, REDIS_PORTS))
            manage(base, "axes_reset")
            cache = on_a_port(
                base, REDIS_URL=redis.url, API_CACHE_SECONDS="60", THROTTLE_TOKEN=HIGH
            )
            with serving(options, "cache", cache) as server:
                if "1b" in wanted:
                    results.run(server, axes_alone)
                if "5" in wanted:
                    results.run(server, redis_stopped, redis, token, options.seconds)
                if "6" in wanted:
                    results.run(server, redis_hung, redis, token, options.seconds)

        if wanted & {"8", "9", "10", "11"}:
            snapshots = folder / "snapshots"
            exporting = {
                **base,
                "DATABASE_URL": f"sqlite:///{scale_copy(folder, 'snapshot')}",
                "SNAPSHOT_ROOT": str(snapshots),
            }
            began = time.monotonic()
            manage(exporting, "export_snapshot", "--base-url", "http://127.0.0.1:8000")
            timings["scale_snapshot_s"] = round(time.monotonic() - began, 1)
            hostile_readers(results, options, base, folder, snapshots)

        if "7" in wanted and options.database == "postgres":
            forwarder = Forwarder(free_port(PORTS))
            forwarder.start()
            stack.callback(forwarder.close)
            proxied = on_a_port(base, DATABASE_URL=database.url_through(forwarder.port))
            with serving(options, "proxied", proxied) as server:
                results.run(
                    server, database_unreachable, forwarder, database, token, options.outage
                )
    timings["total_s"] = round(time.monotonic() - started, 1)

    print(f"\n## {options.database}: {facts['command']}\n")
    print(results.table())
    print(f"\nprepared in {timings['prepare_s']} s; whole run {timings['total_s']} s")
    for failure in results.failures:
        print(f"FAILED: {failure}")
    document = {
        **facts,
        "options": {**vars(options), "scenarios": sorted(options.scenarios)},
        "timings": timings,
        "rows": [row.__dict__ for row in results.rows],
        "details": results.details,
        "failures": results.failures,
    }
    harness.write_json(f"reliability-{options.database}", document)
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())
