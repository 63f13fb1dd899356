"""Shared pieces of the load and outage scripts: a gunicorn server and a bounded HTTP load.

Traffic goes to 127.0.0.1 only, and every loop stops by itself.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON", sys.executable)

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


# The key the API under test signs its cursors with (scenarios.api_cursor signs the same way).
SECRET_KEY = "bench-key-" + "k" * 40


def server_environment(database_url: str, port: int, workers: int = 2) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "false",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        # The load measures capacity, not the throttling policy nor the other limits.
        "THROTTLE_ANON": "100000000/min",
        "ANONYMOUS_WORKER_SECONDS": "100000000",
        "EXPORTS_PER_CLIENT": "1000",
        "EXPORTS_TOTAL": "1000",
        "REQUESTS_PER_CLIENT": "1000",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHON": PYTHON,
    }


@contextmanager
def gunicorn(environment: dict, root: Path = ROOT):
    """Serve with bin/container serve of the checkout ``root`` (this one by default) until the
    block ends."""
    log_name = "bench-gunicorn.log" if root == ROOT else "bench-gunicorn-before.log"
    with open(ROOT / "var" / log_name, "w") as log:
        process = subprocess.Popen(
            [str(root / "bin" / "container"), "serve"],
            cwd=root,
            env=environment,
            stdout=log,
            stderr=log,
        )
        try:
            wait_until_ready(int(environment["PORT"]))
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def get(port: int, path: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_ready(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(port, "/health/ready", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not become ready")


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)  # non-2xx by status and content type
    errors: int = 0
    seconds: float = 0.0
    timeline: list[tuple[float, int, str, str]] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def non_2xx(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 300)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 1),
            "requests_per_second": round(self.requests / self.seconds, 1),
            "p50_ms": round(self.percentile(0.50), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1),
            "non_2xx": self.non_2xx,
            "connection_errors": self.errors,
            "statuses": dict(self.statuses),
        }


def run_load(
    port: int, seconds: float, clients: int = 16, record_timeline: bool = False
) -> LoadResult:
    """``clients`` threads, each with a keep-alive connection, cycling through REQUEST_MIX."""
    result = LoadResult()
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        index = offset
        while time.monotonic() < deadline:
            path = REQUEST_MIX[index % len(REQUEST_MIX)]
            index += 1
            began = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
                content_type = response.getheader("Content-Type", "")
                retry_after = response.getheader("Retry-After", "")
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    result.errors += 1
                time.sleep(0.05)
                continue
            elapsed = time.monotonic() - began
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] += 1
                if not 200 <= status < 300:
                    result.problems[(status, content_type.split(";")[0], bool(retry_after))] += 1
                if record_timeline:
                    result.timeline.append((began - start, status, content_type, retry_after))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - start
    return result


def print_json(title: str, data: dict) -> None:
    print(f"== {title}")
    print(json.dumps(data, indent=2, default=str))
