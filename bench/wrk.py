"""Run wrk against one URL and read its summary."""

import re
import subprocess
from dataclasses import dataclass

THREADS = 2
CONNECTIONS = 16
# wrk's default of 2 s would drop the slowest answers from the latencies.
TIMEOUT = "30s"
UNIT_MILLISECONDS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class Measurement:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


def run(wrk: str, url: str, seconds: float) -> Measurement:
    command = [
        wrk,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds:g}s",
        f"--timeout={TIMEOUT}",
        "--latency",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output)


def parse(output: str) -> Measurement:
    return Measurement(
        requests=int(_search(r"(\d+) requests in", output)),
        requests_per_second=float(_search(r"Requests/sec:\s+([\d.]+)", output)),
        p50_ms=_latency("50%", output),
        p99_ms=_latency("99%", output),
        non_2xx=int(_search(r"Non-2xx or 3xx responses: (\d+)", output, default="0")),
        socket_errors=_socket_errors(output),
    )


def _latency(percentile: str, output: str) -> float:
    match = re.search(rf"^\s*{percentile}\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if match is None:
        raise ValueError(f"no {percentile} latency in wrk's output:\n{output}")
    return float(match[1]) * UNIT_MILLISECONDS[match[2]]


def _socket_errors(output: str) -> int:
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return sum(int(count) for count in match.groups()) if match else 0


def _search(pattern: str, output: str, default: str | None = None) -> str:
    match = re.search(pattern, output)
    if match is None:
        if default is not None:
            return default
        raise ValueError(f"{pattern!r} not in wrk's output:\n{output}")
    return match[1]
