"""Markdown tables, ratios and the machine a comparison ran on."""

import importlib.metadata
import os
import platform
import sqlite3
import statistics
import subprocess
from collections.abc import Iterable

from wrk import Measurement

# Measurements keyed by (target, scenario), all from one round (or averaged over rounds).
Cells = dict[tuple[str, str], Measurement]

SCENARIO_RATIOS = {
    "deep_page/wide_window": ("deep_page", "wide_window"),
    "common_search/rare_search": ("common_search", "rare_search"),
}


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


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


def across_scenario_ratios(cells: Cells) -> dict:
    """api's req/s in one scenario over another's: the cost of depth and of a common word."""
    return {
        name: ratio(
            cells[("api", numerator)].requests_per_second,
            cells[("api", denominator)].requests_per_second,
        )
        for name, (numerator, denominator) in SCENARIO_RATIOS.items()
    }


def mean_cells(rounds: list[Cells]) -> Cells:
    return {
        key: Measurement(
            requests=round(statistics.fmean(cells[key].requests for cells in rounds)),
            requests_per_second=statistics.fmean(
                cells[key].requests_per_second for cells in rounds
            ),
            p50_ms=statistics.fmean(cells[key].p50_ms for cells in rounds),
            p99_ms=statistics.fmean(cells[key].p99_ms for cells in rounds),
            non_2xx=sum(cells[key].non_2xx for cells in rounds),
            socket_errors=sum(cells[key].socket_errors for cells in rounds),
        )
        for key in rounds[0]
    }


def mean_ratios(per_round: list[dict]) -> dict:
    """The mean of ratios each measured within one round (a ratio stays within its round)."""
    first = per_round[0]
    if isinstance(next(iter(first.values()), None), dict):
        return {key: mean_ratios([r[key] for r in per_round]) for key in first}
    return {key: _mean([r[key] for r in per_round]) for key in first}


def _mean(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.fmean(present) if present else None


def table(cells: Cells, targets: list[str], scenarios: list[str], ratios: dict) -> str:
    ratio_names = list(next(iter(ratios.values())))
    header = ["scenario"]
    for target in targets:
        header += [f"{target} req/s", f"{target} p50 ms", f"{target} p99 ms"]
    header += ratio_names
    lines = [_row(header), _row(["---"] + ["---:"] * (len(header) - 1))]
    for scenario in scenarios:
        row = [scenario]
        for target in targets:
            cell = cells[(target, scenario)]
            row += [f"{cell.requests_per_second:,.1f}", *latencies(cell)]
        row += [_format_ratio(ratios[scenario][name]) for name in ratio_names]
        lines.append(_row(row))
    return "\n".join(lines)


def sizes_table(throughput: dict[str, dict[str, float]], keys: list[str]) -> str:
    """req/s of each ``keys`` ("target scenario") at each size, sizes as columns."""
    sizes = list(throughput)
    lines = [_row(["target scenario", *sizes]), _row(["---"] + ["---:"] * len(sizes))]
    for key in keys:
        lines.append(_row([key, *(f"{throughput[size][key]:,.1f}" for size in sizes)]))
    return "\n".join(lines)


def latencies(cell: Measurement) -> list[str]:
    """p50 and p99, or dashes when no request finished within the run."""
    if not cell.requests:
        return ["–", "–"]
    return [f"{cell.p50_ms:.1f}", f"{cell.p99_ms:.1f}"]


def ratio_lines(ratios: dict) -> str:
    return "\n".join(
        f"- {name} (api req/s): {_format_ratio(value)}" for name, value in ratios.items()
    )


def problems(cells: Cells) -> list[str]:
    return [
        f"{target} {scenario}: {cell.non_2xx} non-2xx responses, {cell.socket_errors} socket errors"
        for (target, scenario), cell in cells.items()
        if cell.non_2xx or cell.socket_errors
    ]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _format_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def machine() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_memory_kib() / 1024**2, 1),
        "kernel": f"{platform.system()} {platform.release()}",
    }


def describe_machine(facts: dict) -> str:
    return (
        f"{facts['cpu']}, {facts['cores']} cores, {facts['memory_gib']} GiB RAM, {facts['kernel']}"
    )


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_kib() -> int:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0


def versions(wrk: str, pins: Iterable[str], postgresql: str | None) -> dict:
    """Of this Python and its Django, wrk, the pinned bench packages and the database."""
    found = {
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "djangorestframework": importlib.metadata.version("djangorestframework"),
        "wrk": _wrk_version(wrk),
    }
    found |= {pin.split("==")[0].split("[")[0]: pin.split("==")[1] for pin in pins}
    if postgresql:
        found["postgresql"] = postgresql
    else:
        found["sqlite"] = sqlite3.sqlite_version
    return found


def _wrk_version(wrk: str) -> str:
    # wrk -v prints its version, then its usage, and exits non-zero.
    output = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False).stdout
    return output.split()[1] if output.startswith("wrk ") else "unknown"
