"""The three targets, each served on 127.0.0.1 on a free port until its block ends."""

import json
import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from harness import ROOT, free_port, get, gunicorn, server_environment
from prepare import VAR

WORKERS = 2
# Datasette is one process whose queries run on a pool of threads; two match
# the two workers of the other targets (its default is three).
DATASETTE_SQL_THREADS = 2
DATASETTE_TIME_LIMIT_MS = 10_000


@contextmanager
def api(database_url: str, root: Path = ROOT):
    """This project as bin/container serves it, DEBUG off, limits out of the way; ``root``
    is another checkout to serve instead (an earlier commit, with its own .venv).

    The page cache is off: wrk asks for one URL over and over, so it would measure
    cache hits rather than the read path.
    """
    environment = {
        **server_environment(database_url, free_port(), WORKERS),
        "API_CACHE_SECONDS": "0",
        "ANONYMOUS_WORKER_SECONDS": "1000000",
    }
    if root != ROOT:
        environment["PYTHON"] = str(root / ".venv" / "bin" / "python")
    with gunicorn(environment, root):
        yield int(environment["PORT"])


@contextmanager
def datasette(venv_bin: Path, database: Path, metadata: dict):
    metadata_file = VAR / "datasette-metadata.json"
    metadata_file.write_text(json.dumps(metadata, indent=2))
    port = free_port()
    command = [
        str(venv_bin / "datasette"),
        "serve",
        "--immutable",
        str(database),
        "--metadata",
        str(metadata_file),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        str(DATASETTE_TIME_LIMIT_MS),
        "--setting",
        "num_sql_threads",
        str(DATASETTE_SQL_THREADS),
    ]
    with serving("datasette", command, os.environ, port, "/-/versions.json"):
        yield port


@contextmanager
def floor(venv_bin: Path, database: str, routes: dict, label: str):
    """bench/floor.py under gunicorn; ``database`` is a SQLite file path or a postgres:// URL."""
    routes_file = VAR / f"floor-routes-{label}.json"
    routes_file.write_text(json.dumps(routes, indent=2))
    port = free_port()
    command = [
        str(venv_bin / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "floor:app",
    ]
    environment = {**os.environ, "FLOOR_DATABASE": database, "FLOOR_ROUTES": str(routes_file)}
    # From bench/, so that gunicorn neither finds nor reads the API's gunicorn.conf.py.
    with serving("floor", command, environment, port, "/health", cwd=ROOT / "bench"):
        yield port


@contextmanager
def serving(name, command: list[str], environment, port: int, ready_path: str, cwd=ROOT):
    with open(VAR / f"{name}.log", "w") as log:
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=log, stderr=log)
        try:
            wait_until_answering(process, port, ready_path, name)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_answering(process, port: int, path: str, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start: see var/bench/{name}.log")
        try:
            if get(port, path, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer on port {port}: see var/bench/{name}.log")
