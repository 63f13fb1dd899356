"""The benchmarks' driver: what starts, waits for, drives, measures and stops a process.

Every script in bench/ keeps only its scenarios and how it reports them; the rest is
here: free ports and the servers' environments; the app server (bin/container serve:
nginx in front of gunicorn), Datasette, the floor, a Redis and a TCP forwarder of a run's
own, throwaway databases; an HTTP client and a bounded load; wrk runs and their reading;
Markdown tables, the run's facts and its JSON file.

Traffic goes to 127.0.0.1 only, every loop stops by itself, and every server stops when
its ``with`` block ends.
"""

import asyncio
import contextlib
import datetime
import http.client
import importlib.metadata
import itertools
import json
import os
import platform
import re
import shlex
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"  # what the benchmarks build, their logs and their results
PYTHON = os.environ.get("PYTHON", sys.executable)
# The key the API under test signs its cursors with (scenarios.api_cursor signs the same way).
SECRET_KEY = "bench-key-" + "k" * 40
WORKERS = 2  # gunicorn's workers for every served target
POSTGRES = ("127.0.0.1", 5432)
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"

# A mix of what newsroom tools ask: lists, filters, searches and details.
REQUEST_MIX = [
    "/api/v1/meetings/",
    "/api/v1/meetings/?actor=wang-yi&date_from=2023-10-01&date_to=2023-12-31",
    "/api/v1/meetings/?country=QA",
    "/api/v1/statements/?q=ceasefire",
    "/api/v1/statements/?q=%22collective+punishment%22",
    "/api/v1/statements/?speaker=wang-yi&page_size=10",
    "/api/v1/resolutions/?voter=united-states&position=abstain",
    "/api/v1/actors/?q=maliki",
    "/api/v1/meetings/beijing-arab-islamic-ministers-2023-11-20/",
    "/api/v1/statements/faisal-message-is-clear/",
    "/api/v1/sources/china-leads-push-for-ceasefire/",
    "/api/v1/figures/?measure=oct7-attack-deaths",
]


# --- ports, environments and manage.py ----------------------------------------------------

_claimed_ports: set[int] = set()


def free_port(ports: range | None = None) -> int:
    """A port of 127.0.0.1 that nothing listens on: any the system hands out, or the first of
    ``ports`` that this run has not handed out yet."""
    if ports is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    for port in ports:
        if port in _claimed_ports:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _claimed_ports.add(port)
        return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def database_environment(database_url: str) -> dict:
    """Enough for manage.py on ``database_url``."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SECRET_KEY": SECRET_KEY}


def server_environment(
    database_url: str, workers: int = WORKERS, root: Path = ROOT, **settings: str
) -> dict:
    """What bin/container serve of the checkout ``root`` needs to serve ``database_url`` on a
    free port: DEBUG off, the bench key, the throttles and limits out of the way of a load
    (it measures capacity, not the policy); ``settings`` go on top."""
    python = PYTHON if root == ROOT else str(root / ".venv" / "bin" / "python")
    return {
        **database_environment(database_url),
        "DJANGO_DEBUG": "false",
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": str(workers),
        "THROTTLE_ANON": "100000000/min",
        "ANONYMOUS_WORKER_SECONDS": "100000000",
        "EXPORTS_PER_CLIENT": "1000",
        "EXPORTS_TOTAL": "1000",
        "REQUESTS_PER_CLIENT": "1000",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHON": python,
        **settings,
    }


def manage(environment: dict, *arguments: str, root: Path = ROOT) -> str:
    """manage.py of the checkout ``root`` with the environment's PYTHON; its output."""
    result = subprocess.run(
        [environment.get("PYTHON", PYTHON), "manage.py", *arguments],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


# --- servers ------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, read off /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# Access log lines, and the first lines of a traceback's report, left out of log summaries.
ACCESS_LINE = re.compile(r'^\S* (?:- |\[[^]]*\] )".*" (\d{3})(?: |$)')
CHAINED = ("During handling", "The above exception", "Traceback (most recent call last)")


class Server:
    """A process serving on 127.0.0.1:``port``, its output in var/bench/<name>.log; ready once
    ``ready_path`` answers 200 (and, with ``workers``, once gunicorn has that many)."""

    def __init__(self, name: str, port: int, ready_path: str, workers: int = 0):
        self.name, self.port, self.ready_path, self.expected_workers = (
            name,
            port,
            ready_path,
            workers,
        )
        self.log = VAR / f"{name}.log"
        self.process = None

    def workers(self) -> list[int]:
        """gunicorn's worker processes: the children of its master, wherever it runs below."""
        for pid in [self.process.pid, *children(self.process.pid)]:
            if "gunicorn" in command_of(pid) and children(pid):
                return children(pid)
        return []

    def answers(self, path: str) -> bool:
        return get(self.port, path, timeout=2).status == 200

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start: see {self.log}")
            if self.answers(self.ready_path) and self.has_its_workers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready on port {self.port}: see {self.log}")

    def has_its_workers(self) -> bool:
        return not self.expected_workers or len(self.workers()) == self.expected_workers

    def wait_for_workers(self, seconds: float = 30) -> bool:
        """Whether gunicorn is back to its workers (after one was killed) within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.has_its_workers() and self.answers("/health/live"):
                return True
            time.sleep(0.2)
        return False

    def log_mark(self) -> int:
        return self.log.stat().st_size

    def log_text(self, mark: int = 0) -> str:
        with open(self.log, "rb") as log:
            log.seek(mark)
            return log.read().decode(errors="replace")

    def log_summary(self, mark: int) -> dict:
        """What the server logged since ``mark``: answers by status, and its other lines
        (tracebacks left out, gunicorn's time stamps taken off), most frequent first."""
        statuses, lines = Counter(), Counter()
        for line in self.log_text(mark).splitlines():
            access = ACCESS_LINE.match(line)
            if access:
                statuses[int(access.group(1))] += 1
            elif line and not line[0].isspace() and not line.startswith(CHAINED):
                lines[re.sub(r"^\[[^]]*\] ", "", line)] += 1
        return {
            "access_log_statuses": describe_statuses(statuses),
            "lines": dict(lines.most_common(8)),
        }

    def tracebacks(self) -> list[str]:
        """Each traceback in the log (a chain of them as one), with its exception line."""
        found, current, ended = [], None, False
        for line in self.log_text().splitlines() if self.log.exists() else []:
            if current is None:
                if line.startswith(CHAINED[-1]):
                    current = [line]
                continue
            if ended and line.strip() and not line.startswith(CHAINED):
                found.append("\n".join(current).rstrip())
                current, ended = ([line] if line.startswith(CHAINED[-1]) else None), False
                continue
            current.append(line)
            if line.startswith(CHAINED[-1]):
                ended = False
            elif line.strip() and not line.startswith((" ", "\t", *CHAINED)):
                ended = True
        if current is not None:
            found.append("\n".join(current).rstrip())
        return list(dict.fromkeys(found))


@contextmanager
def serving(name, command, environment, port, ready_path, cwd=ROOT, workers=0):
    """Run ``command`` until the block ends; the block starts once it is ready."""
    server = Server(name, port, ready_path, workers)
    VAR.mkdir(parents=True, exist_ok=True)
    with open(server.log, "w") as log:
        server.process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            server.wait_until_ready()
            yield server
        finally:
            server.process.terminate()
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


def app(environment: dict, name: str = "api", root: Path = ROOT):
    """bin/container serve of the checkout ``root`` (today nginx in front of gunicorn), ready
    once /health/ready answers and gunicorn has its WEB_CONCURRENCY workers."""
    command = [str(root / "bin" / "container"), "serve"]
    port, workers = int(environment["PORT"]), int(environment["WEB_CONCURRENCY"])
    return serving(name, command, environment, port, "/health/ready", root, workers)


def api(database_url: str, root: Path = ROOT, name: str = "api", workers: int = WORKERS):
    """The API as wrk drives it: the page cache off (wrk asks for one URL over and over, so
    it would measure cache hits rather than the read path); ``root`` is another checkout to
    serve instead (an earlier commit, with its own .venv)."""
    environment = server_environment(database_url, workers=workers, root=root)
    return app({**environment, "API_CACHE_SECONDS": "0"}, name, root)


# Datasette is one process whose queries run on a pool of threads; two match the two
# workers of the other targets (its default is three).
DATASETTE_SQL_THREADS = 2
DATASETTE_TIME_LIMIT_MS = 10_000


def datasette(venv_bin: Path, database: Path, metadata: dict | None = None, **settings):
    """``datasette serve --immutable`` of ``database`` with ``metadata`` (canned queries),
    DATASETTE_SQL_THREADS threads and its SQL time limit raised; ``settings`` go on top."""
    port = free_port()
    command = [str(venv_bin / "datasette"), "serve", "--immutable", str(database)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    if metadata is not None:
        metadata_file = VAR / "datasette-metadata.json"
        metadata_file.write_text(json.dumps(metadata, indent=2))
        command += ["--metadata", str(metadata_file)]
    settings = {
        "sql_time_limit_ms": DATASETTE_TIME_LIMIT_MS,
        "num_sql_threads": DATASETTE_SQL_THREADS,
        **settings,
    }
    for name, value in settings.items():
        command += ["--setting", name, str(value)]
    return serving("datasette", command, os.environ, port, "/-/versions.json")


def floor(venv_bin: Path, database: str, routes: dict, label: str):
    """bench/floor.py under gunicorn; ``database`` is a SQLite file path or a postgres:// URL."""
    routes_file = VAR / f"floor-routes-{label}.json"
    routes_file.write_text(json.dumps(routes, indent=2))
    port = free_port()
    command = [str(venv_bin / "gunicorn"), "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "floor:app"]
    environment = {**os.environ, "FLOOR_DATABASE": database, "FLOOR_ROUTES": str(routes_file)}
    # From bench/, so that gunicorn neither finds nor reads the API's gunicorn.conf.py.
    return serving("floor", command, environment, port, "/health", cwd=ROOT / "bench")


class Redis:
    """A redis-server of this run's own, in ``folder``; debug commands from 127.0.0.1."""

    def __init__(self, folder: Path, ports: range):
        self.folder = folder
        self.port = free_port(ports)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *arguments: str, timeout: float = 10) -> str:
        command = ["redis-cli", "-p", str(self.port), *arguments]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        return result.stdout.strip()

    def start(self) -> None:
        options = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "save": "",
            "appendonly": "no",
            "dir": str(self.folder),
            "dbfilename": "dump.rdb",
            "pidfile": str(self.folder / "redis.pid"),
            "logfile": str(self.folder / "redis.log"),
            "enable-debug-command": "local",  # DEBUG SLEEP, from 127.0.0.1 only
            "daemonize": "yes",
        }
        command = ["redis-server"]
        for name, value in options.items():
            command += [f"--{name}", value]
        subprocess.run(command, check=True)
        deadline = time.monotonic() + 10
        while self.cli("PING", timeout=2) != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.1)

    def stop(self, save: bool = False) -> None:
        """SHUTDOWN SAVE writes the data set for the next start to load."""
        self.cli("SHUTDOWN", "SAVE" if save else "NOSAVE")
        deadline = time.monotonic() + 10
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.1)

    def pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError):
            return int((self.folder / "redis.pid").read_text())
        return None

    def running(self) -> bool:
        with contextlib.suppress(OSError, TypeError):
            os.kill(self.pid(), 0)
            return True
        return False


@contextmanager
def redis_server(folder: Path, ports: range):
    redis = Redis(folder, ports)
    redis.start()
    try:
        yield redis
    finally:
        if redis.running():
            redis.stop()
        if redis.running():
            with contextlib.suppress(OSError, TypeError):
                os.kill(redis.pid(), signal.SIGKILL)


class Forwarder:
    """A TCP forwarder to ``target`` on an event loop of its own; stop() closes the port and
    every connection through it, as a crashed or unreachable server would."""

    def __init__(self, port: int, target: tuple[str, int] = POSTGRES):
        self.port, self.target = port, target
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = None
        self.transports: set = set()

    def start(self) -> None:
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)

    def close(self) -> None:
        if self.server is not None:
            self.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _stop(self) -> None:
        self.server.close()
        self.server = None
        for transport in list(self.transports):
            transport.abort()
        self.transports.clear()

    async def _accept(self, reader, writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        pair = {writer.transport, upstream_writer.transport}
        self.transports |= pair
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )
        self.transports -= pair

    @staticmethod
    async def _pipe(reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()


class Database:
    """A throwaway database: a SQLite file in ``folder``, or a new database on the local
    PostgreSQL named ``<prefix>_<hex>``; and a direct look at what it stores."""

    def __init__(self, kind: str, folder: Path | None, prefix: str, admin_dsn: str):
        self.kind, self.admin_dsn = kind, admin_dsn
        if kind == "sqlite":
            self.path = folder / "db.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
            self.url = self.url_through(POSTGRES[1])

    def url_through(self, port: int) -> str:
        return f"postgres://postgres@{POSTGRES[0]}:{port}/{self.name}"

    def administer(self, statement: str) -> None:
        import psycopg  # the project's own dependency; only PostgreSQL runs need it

        with psycopg.connect(self.admin_dsn, autocommit=True) as admin:
            admin.execute(statement)

    def rows(self, query: str, *parameters) -> list[tuple]:
        """``query`` with ``?`` for each of ``parameters``, in either database."""
        if self.kind == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as connection:
                return connection.execute(query, parameters).fetchall()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(query.replace("?", "%s"), parameters or None).fetchall()


@contextmanager
def throwaway_database(kind: str, folder: Path | None = None, prefix="bench", admin_dsn=ADMIN_DSN):
    """A Database of ``kind`` ("sqlite" or "postgres"), dropped when the block ends (the
    SQLite file goes with ``folder``)."""
    database = Database(kind, folder, prefix, admin_dsn)
    if kind == "postgres":
        database.administer(f'CREATE DATABASE "{database.name}"')
    try:
        yield database
    finally:
        if kind == "postgres":
            database.administer(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


# --- an HTTP client -----------------------------------------------------------------------


@dataclass
class Answer:
    began: float  # time.monotonic()
    seconds: float
    status: int  # 0: no answer (refused, reset or timed out)
    headers: dict = field(default_factory=dict)  # names in lower case
    body: bytes = b""
    error: str = ""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def detail(self) -> str:
        data = self.json()
        return data.get("detail", "") if isinstance(data, dict) else self.error

    def is_problem_to_retry(self) -> bool:
        """A 503 application/problem+json with Retry-After: the service's "try again"."""
        return (
            self.status == 503
            and self.headers.get("content-type", "").startswith("application/problem+json")
            and bool(self.headers.get("retry-after"))
        )


class Client:
    """One keep-alive connection to 127.0.0.1:``port``, opened again after a failure or a
    pause; ``token`` signs every request."""

    IDLE_SECONDS = 3  # gunicorn and nginx close a kept-alive connection after 5 s

    def __init__(self, port: int, token: str | None = None, timeout: float = 20):
        self.port, self.token, self.timeout = port, token, timeout
        self.connection = None
        self.last_used = 0.0

    def request(self, method: str, path: str, body=None, headers: dict | None = None) -> Answer:
        """The answer read in full; a failure is an Answer of status 0 naming the error."""
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.connection is not None and time.monotonic() - self.last_used > self.IDLE_SECONDS:
            self.close()
        began = time.monotonic()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            failed = Answer(began, time.monotonic() - began, 0, error=type(error).__name__)
            time.sleep(0.05)  # a loop of refused connections would spin
            return failed
        answer = Answer(
            began,
            time.monotonic() - began,
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            content,
        )
        self.last_used = time.monotonic()
        if response.will_close:
            self.close()
        return answer

    def local_port(self) -> int | None:
        if self.connection is None or self.connection.sock is None:
            return None
        return self.connection.sock.getsockname()[1]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def get(port: int, path: str, timeout: float = 10, headers: dict | None = None) -> Answer:
    """One GET on a connection of its own."""
    client = Client(port, timeout=timeout)
    try:
        return client.request("GET", path, headers=headers)
    finally:
        client.close()


class Tally:
    """The answers to one kind of request, from any number of threads."""

    def __init__(self):
        self.answers: list[Answer] = []
        self.started = self.seconds = 0.0  # when the load that filled it began, how long it ran
        self._lock = threading.Lock()

    def add(self, answer: Answer) -> Answer:
        with self._lock:
            self.answers.append(answer)
        return answer

    def statuses(self) -> Counter:
        return Counter(answer.status for answer in self.answers)

    def percentile_ms(self, fraction: float, answered_only: bool = False) -> float:
        answers = [a for a in self.answers if a.status or not answered_only]
        times = sorted(answer.seconds for answer in answers) or [0.0]
        return times[min(len(times) - 1, int(fraction * len(times)))] * 1000

    def max_ms(self) -> float:
        return max((a.seconds for a in self.answers), default=0.0) * 1000

    def p50_ms(self) -> float:
        return statistics.median([a.seconds for a in self.answers] or [0.0]) * 1000

    def summary(self) -> dict:
        return {
            "requests": len(self.answers),
            "statuses": describe_statuses(self.statuses()),
            "p50_ms": round(self.p50_ms(), 1),
            "max_ms": round(self.max_ms(), 1),
            "errors": dict(Counter(a.error for a in self.answers if a.error)),
        }

    def describe(self) -> str:
        return f"{describe_statuses(self.statuses())}; max {format_ms(self.max_ms())}"

    def load_summary(self) -> dict:
        """Throughput and latencies of the answered requests, as run_load reports them."""
        answered = [a for a in self.answers if a.status]
        statuses = Counter(a.status for a in answered)
        return {
            "requests": len(answered),
            "seconds": round(self.seconds, 1),
            "requests_per_second": round(len(answered) / self.seconds, 1),
            "p50_ms": round(self.percentile_ms(0.50, answered_only=True), 1),
            "p99_ms": round(self.percentile_ms(0.99, answered_only=True), 1),
            "mean_ms": round(statistics.fmean(a.seconds for a in answered) * 1000, 1),
            "non_2xx": sum(n for status, n in statuses.items() if not 200 <= status < 300),
            "connection_errors": len(self.answers) - len(answered),
            "statuses": dict(statuses),
        }


def describe_statuses(statuses: Counter) -> str:
    names = {0: "no answer"}
    return ", ".join(f"{names.get(s, s)}×{n}" for s, n in sorted(statuses.items())) or "none"


def format_ms(milliseconds: float) -> str:
    if milliseconds >= 1000:
        return f"{milliseconds / 1000:.1f} s"
    return f"{milliseconds:.0f} ms"


@contextmanager
def running(count: int, target: Callable, *arguments):
    """``target(n, *arguments)`` on ``count`` threads, n from 0, while the block runs; the
    block ends once every thread has."""
    threads = [threading.Thread(target=target, args=(n, *arguments)) for n in range(count)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        for thread in threads:
            thread.join()


def in_threads(count: int, target: Callable, *arguments) -> None:
    """``target(n, *arguments)`` on ``count`` threads at once; returns when all end."""
    with running(count, target, *arguments):
        pass


def run_load(port: int, seconds: float, clients: int = 16, paths=REQUEST_MIX) -> Tally:
    """``clients`` threads, each on a keep-alive connection, cycling through ``paths`` for
    ``seconds``."""
    tally = Tally()
    tally.started = time.monotonic()

    def client(offset: int) -> None:
        connection = Client(port, timeout=10)
        for index in itertools.count(offset):
            if time.monotonic() >= tally.started + seconds:
                break
            tally.add(connection.request("GET", paths[index % len(paths)]))
        connection.close()

    in_threads(clients, client)
    tally.seconds = time.monotonic() - tally.started
    return tally


# --- wrk ----------------------------------------------------------------------------------

WRK_THREADS = 2
CONNECTIONS = 16
# wrk's default of 2 s would drop the slowest answers from the latencies.
WRK_TIMEOUT = "30s"
UNIT_MILLISECONDS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
WARM_UP = 0  # the number of the discarded round; the measured ones are 1, 2, ...


@dataclass(frozen=True)
class Measurement:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


# Measurements keyed by (target, scenario), all from one round (or averaged over rounds).
Cells = dict[tuple[str, str], Measurement]


def run_wrk(wrk: str, url: str, seconds: float, connections: int = CONNECTIONS) -> Measurement:
    command = [wrk, f"-t{min(WRK_THREADS, connections)}", f"-c{connections}"]
    command += [f"-d{seconds:g}s", f"--timeout={WRK_TIMEOUT}", "--latency", url]
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def parse_wrk(output: str) -> Measurement:
    def search(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output)
        if match is None and default is None:
            raise ValueError(f"{pattern!r} not in wrk's output:\n{output}")
        return default if match is None else match[1]

    def latency(percentile: str) -> float:
        match = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
        if match is None:
            raise ValueError(f"no {percentile} latency in wrk's output:\n{output}")
        return float(match[1]) * UNIT_MILLISECONDS[match[2]]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Measurement(
        requests=int(search(r"(\d+) requests in")),
        requests_per_second=float(search(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=latency("50%"),
        p99_ms=latency("99%"),
        non_2xx=int(search(r"Non-2xx or 3xx responses: (\d+)", default="0")),
        socket_errors=sum(int(count) for count in errors.groups()) if errors else 0,
    )


@dataclass(frozen=True)
class Load:
    """One URL that wrk drives: a scenario on a target, with ``connections`` open."""

    scenario: str
    target: str
    port: int
    path: str
    idle_path: str  # a cheap request that waits its turn behind any left in the queue
    connections: int = CONNECTIONS

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"


@dataclass
class Run:
    """One wrk run of a Load."""

    round: int
    target: str
    scenario: str
    url_path: str
    connections: int
    measurement: Measurement


def drive(
    wrk: str,
    loads: list[Load],
    rounds: int,
    seconds: float,
    label: str,
    warm_up_seconds: float | None = None,
    after_round: Callable[[list[Run], int], None] | None = None,
) -> list[Run]:
    """A discarded warm-up round, then ``rounds`` measured rounds: in each, every scenario on
    every target in turn, the targets' order reversed every other measured round. After
    each run, waits until the target has answered what wrk left queued."""
    runs: list[Run] = []
    by_key = {(load.scenario, load.target): load for load in loads}
    scenarios = list(dict.fromkeys(load.scenario for load in loads))
    targets = list(dict.fromkeys(load.target for load in loads))
    widths = (max(map(len, scenarios)) + 1, max(map(len, targets)) + 1)
    for number in range(WARM_UP, rounds + 1):
        reverse = number != WARM_UP and number % 2 == 0
        order = targets[::-1] if reverse else targets
        title = "warm-up (discarded)" if number == WARM_UP else f"round {number}"
        print(f"\n### {label}, {title}: {', '.join(order)}\n", flush=True)
        duration = (warm_up_seconds or seconds) if number == WARM_UP else seconds
        for scenario in scenarios:
            for target in order:
                if (scenario, target) in by_key:
                    runs += measure(wrk, by_key[scenario, target], duration, number, widths)
        if after_round is not None and number != WARM_UP:
            after_round(runs, number)
    return runs


def measure(wrk: str, load: Load, seconds: float, number: int, widths) -> list[Run]:
    """One wrk run of ``load``, then a wait until the target is idle."""
    measurement = run_wrk(wrk, load.url, seconds, load.connections)
    wait_until_idle(load.port, load.idle_path, load.target)
    print(
        f"    {load.scenario:{widths[0]}} {load.target:{widths[1]}} "
        f"{describe_measurement(measurement)}",
        flush=True,
    )
    return [Run(number, load.target, load.scenario, load.path, load.connections, measurement)]


def wait_until_idle(port: int, idle_path: str, name: str) -> None:
    """Let the target finish what wrk left queued when it stopped, before the next run.

    As many cheap requests as wrk had connections queue behind those left over;
    once all are answered, no worker is still busy with the previous run.
    """
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        answers = pool.map(lambda _: get(port, idle_path, timeout=300), range(CONNECTIONS))
        statuses = {answer.status for answer in answers}
    if statuses != {200}:
        raise RuntimeError(f"{name} answered {idle_path} with {statuses}")


def describe_measurement(measurement: Measurement) -> str:
    p50, p99 = latencies(measurement)
    text = f"{measurement.requests_per_second:9,.1f} req/s  p50 {p50:>8} ms  p99 {p99:>8} ms"
    if measurement.non_2xx or measurement.socket_errors:
        text += f"  !! {measurement.non_2xx} non-2xx, {measurement.socket_errors} socket errors"
    return text


def cells_of(runs: list[Run], number: int) -> Cells:
    """The round's measurements."""
    return {(r.target, r.scenario): r.measurement for r in runs if r.round == number}


def measured_rounds(runs: list[Run]) -> list[Cells]:
    return [cells_of(runs, n) for n in sorted({r.round for r in runs if r.round != WARM_UP})]


def mean_cells(rounds: list[Cells]) -> Cells:
    """Each cell's mean over ``rounds``; its failures summed."""
    mean = {}
    for key in rounds[0]:
        cells = [cells[key] for cells in rounds]
        mean[key] = Measurement(
            requests=round(statistics.fmean(cell.requests for cell in cells)),
            requests_per_second=statistics.fmean(cell.requests_per_second for cell in cells),
            p50_ms=statistics.fmean(cell.p50_ms for cell in cells),
            p99_ms=statistics.fmean(cell.p99_ms for cell in cells),
            non_2xx=sum(cell.non_2xx for cell in cells),
            socket_errors=sum(cell.socket_errors for cell in cells),
        )
    return mean


def targets_and_scenarios(runs: list[Run]) -> tuple[list[str], list[str]]:
    """The targets and the scenarios of ``runs``, in the order they were first driven."""
    targets = list(dict.fromkeys(run.target for run in runs))
    return targets, list(dict.fromkeys(run.scenario for run in runs))


def mean_of_rounds(runs: list[Run], label: str) -> tuple[list[Cells], Cells, dict]:
    """The measured rounds, their mean, and api's ratios per scenario (each taken within its
    round, then averaged); prints the mean as a table."""
    targets, scenarios = targets_and_scenarios(runs)
    per_round = measured_rounds(runs)
    mean = mean_cells(per_round)
    ratios = mean_ratios([per_scenario_ratios(cells, targets, scenarios) for cells in per_round])
    print(f"\n### {label}: mean of {len(per_round)} measured round(s)\n")
    print(wrk_table(mean, targets, scenarios, ratios))
    return per_round, mean, ratios


def keyed(cells: Cells) -> dict:
    """``cells`` as JSON can hold them: keyed "target scenario"."""
    return {f"{target} {scenario}": vars(cell) for (target, scenario), cell in cells.items()}


def problems(cells: Cells) -> list[str]:
    return [
        f"{target} {scenario}: {cell.non_2xx} non-2xx responses, {cell.socket_errors} socket errors"
        for (target, scenario), cell in cells.items()
        if cell.non_2xx or cell.socket_errors
    ]


# --- ratios and tables ----------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def format_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def per_scenario_ratios(cells: Cells, targets: list[str], scenarios: list[str]) -> dict:
    """api's req/s over each other target's, and api's p99 over its p50, per scenario."""
    ratios = {}
    for scenario in scenarios:
        api = cells[("api", scenario)]
        row = {
            f"api/{other}": ratio(
                api.requests_per_second, cells[(other, scenario)].requests_per_second
            )
            for other in targets
            if other != "api"
        }
        row["api p99/p50"] = ratio(api.p99_ms, api.p50_ms)
        ratios[scenario] = row
    return ratios


def mean_ratios(per_round: list[dict]) -> dict:
    """The mean of ratios each measured within one round (a ratio stays within its round)."""
    first = per_round[0]
    if isinstance(next(iter(first.values()), None), dict):
        return {key: mean_ratios([r[key] for r in per_round]) for key in first}
    means = {}
    for key in first:
        present = [r[key] for r in per_round if r[key] is not None]
        means[key] = statistics.fmean(present) if present else None
    return means


def markdown(header: list[str], rows: Iterable[list], left: int = 1) -> str:
    """A Markdown table; the first ``left`` columns aligned left, the others right."""
    lines = [header, ["---"] * left + ["---:"] * (len(header) - left), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def latencies(cell: Measurement) -> list[str]:
    """p50 and p99, or dashes when no request finished within the run."""
    if not cell.requests:
        return ["–", "–"]
    return [f"{cell.p50_ms:.1f}", f"{cell.p99_ms:.1f}"]


def wrk_table(cells: Cells, targets: list[str], scenarios: list[str], ratios: dict) -> str:
    """req/s, p50 and p99 of each target per scenario, then ``ratios``' columns."""
    ratio_names = list(next(iter(ratios.values())))
    header = ["scenario"]
    for target in targets:
        header += [f"{target} req/s", f"{target} p50 ms", f"{target} p99 ms"]
    rows = []
    for scenario in scenarios:
        row = [scenario]
        for target in targets:
            cell = cells[(target, scenario)]
            row += [f"{cell.requests_per_second:,.1f}", *latencies(cell)]
        rows.append(row + [format_ratio(ratios[scenario][name]) for name in ratio_names])
    return markdown(header + ratio_names, rows)


def print_json(title: str, data: dict) -> None:
    print(f"== {title}")
    print(json.dumps(data, indent=2, default=str))


# --- the run's facts and its file -------------------------------------------------------------


def command_line() -> str:
    program = [os.path.relpath(sys.executable, ROOT), os.path.relpath(sys.argv[0], ROOT)]
    return shlex.join(program + sys.argv[1:])


def machine() -> dict:
    def first(path: str, prefix: str) -> str | None:
        with open(path) as lines:
            return next((line for line in lines if line.startswith(prefix)), None)

    cpu = first("/proc/cpuinfo", "model name")
    memory = first("/proc/meminfo", "MemTotal:")
    return {
        "cpu": cpu.split(":", 1)[1].strip() if cpu else platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory.split()[1]) / 1024**2, 1) if memory else 0.0,
        "kernel": f"{platform.system()} {platform.release()}",
    }


def versions(
    packages: Iterable[str] = (),
    wrk: str | None = None,
    pins: Iterable[str] = (),
    postgresql: str | None = None,
    redis: bool = False,
) -> dict:
    """Of this Python, Django, DRF and ``packages``; wrk, the pinned bench packages,
    redis-server, and the database (PostgreSQL's server when given, else SQLite)."""
    found = {"python": platform.python_version()}
    for package in ("django", "djangorestframework", *packages):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found[package] = importlib.metadata.version(package)
    if wrk is not None:
        # wrk -v prints its version, then its usage, and exits non-zero.
        output = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout
        found["wrk"] = output.split()[1] if output.startswith("wrk ") else "unknown"
    found |= {pin.split("==")[0].split("[")[0]: pin.split("==")[1] for pin in pins}
    if redis:
        output = subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
        found["redis-server"] = output.stdout.split("v=")[1].split()[0]
    if postgresql:
        found["postgresql"] = postgresql
    else:
        found["sqlite"] = sqlite3.sqlite_version
    return found


def facts(versions: dict, **more) -> dict:
    return {
        "command": command_line(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions,
        **more,
    }


def print_facts(title: str, facts: dict) -> None:
    """The heading of a run's report: what ran, when, where, with what."""
    found = facts["machine"]
    print(f"# {title}: {facts['date']}\n")
    print(f"command: {facts['command']}")
    print(
        f"machine: {found['cpu']}, {found['cores']} cores, {found['memory_gib']} GiB RAM, "
        f"{found['kernel']}"
    )
    print("versions: " + ", ".join(f"{k} {v}" for k, v in facts["versions"].items()), flush=True)


def write_json(name: str, document: dict) -> Path:
    """var/bench/<name>-<timestamp>.json."""
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = VAR / f"{name}-{stamp}.json"
    path.write_text(json.dumps(document, indent=2, default=str))
    print(f"\nwritten: {path.relative_to(ROOT)}")
    return path
