"""Side by side with wrk: this API, Datasette and a bare WSGI floor, on the same scale data.

    .venv/bin/python bench/compare.py sqlite [--seconds 10] [--rounds 2]
    .venv/bin/python bench/compare.py postgresql [--sizes 10k,100k,1m] [--seconds 10] [--rounds 2]

Prepares what it lacks (wrk; Datasette 0.65.5 in var/bench/datasette-venv;
gunicorn, orjson and psycopg for the floor in var/bench/floor-venv; the scale
databases: var/bench/scale.sqlite3, or diplomacy_bench_10k/100k/1m on the local
PostgreSQL), reusing whatever is complete. Then serves each target on
127.0.0.1 and stops it at the end:

- api: this project under gunicorn (bin/container serve), 2 workers, DEBUG off;
- datasette (SQLite only): one canned query per scenario (bench/sql.py);
- floor: bench/floor.py, the same SQL with no framework, orjson, 2 gunicorn workers.

Six scenarios (bench/scenarios.py): a heavy actor's meetings in one year, a
window holding ~80% of meetings, the same window 50,000 rows deep, a rare and a
common search word in statements, and one meeting's detail; and ``server``, each
target's least request (the API's /health/live, the floor's /health), the cost of
the server and framework alone. ``--before CHECKOUT`` serves the API of another
checkout beside (api-before): the same scenarios before and after a change. Every target must
answer the same records in the same order before anything is measured. Then
wrk (2 threads, 16 connections) drives each scenario on each target: one
discarded warm-up round, then --rounds measured rounds, the target order
reversed every other round. Prints a Markdown table per round and their mean,
with ratios taken within each round, and writes everything to
var/bench/compare-<database>-<timestamp>.json.
"""

import argparse
import datetime
import difflib
import json
import os
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

import prepare
import report
import servers
import sql
import wrk
from harness import ROOT, get
from scenarios import SERVER, Database, Scenario, pick_scenarios
from targets import Setting, Target, start_targets

WARM_UP = 0
SIZE_RATIO = ("1m", "10k")  # filtered-list throughput at the largest size over the smallest
FILTERED_LISTS = ("actor_window", "wide_window")


@dataclass(frozen=True)
class Result:
    setting: str
    round: int  # WARM_UP, then 1, 2, ...
    target: str
    scenario: str
    measurement: wrk.Measurement


class Mismatch(RuntimeError):
    """The targets do not answer a scenario with the same records."""


def main() -> int:
    options = parse_arguments()
    prepare.check_project_python()
    wrk_path = prepare.ensure_wrk()
    floor_bin = prepare.ensure_venv(prepare.FLOOR_VENV, prepare.FLOOR_PINS)
    datasette_bin = None
    if options.database == "sqlite":
        datasette_bin = prepare.ensure_venv(prepare.DATASETTE_VENV, prepare.DATASETTE_PINS)
    settings = prepare_settings(options)

    facts = environment_facts(options, wrk_path)
    print_header(options, facts)
    runs = []
    for setting in settings:
        scenarios = describe_scenarios(setting)
        with ExitStack() as stack:
            targets = start_targets(stack, setting, floor_bin, datasette_bin, options.before)
            check_same_records(targets, scenarios)
            scenarios = [SERVER, *scenarios]
            results = measure(targets, scenarios, options, wrk_path, setting.label)
        runs.append(summarize(setting, targets, scenarios, results))
    across = across_sizes(runs) if len(runs) > 1 else None
    write_json(options, facts, runs, across)
    return 1 if any(run["problems"] for run in runs) else 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", choices=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="measured rounds (default 2)")
    parser.add_argument(
        "--warmup-seconds", type=float, help="per wrk run of the warm-up (default: --seconds)"
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="CHECKOUT",
        help="also serve the API of this checkout (a git worktree of an earlier commit, "
        "with its own .venv) as the target api-before",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(prepare.POSTGRES_SIZES),
        help="PostgreSQL sizes, comma-separated (default 10k,100k,1m)",
    )
    options = parser.parse_args()
    options.sizes = [size.strip().lower() for size in options.sizes.split(",") if size.strip()]
    unknown = [size for size in options.sizes if size not in prepare.POSTGRES_SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {list(prepare.POSTGRES_SIZES)}")
    if options.warmup_seconds is None:
        options.warmup_seconds = options.seconds
    return options


def prepare_settings(options) -> list[Setting]:
    if options.database == "sqlite":
        path = prepare.ensure_sqlite_database()
        return [Setting("sqlite", sql.SQLITE, prepare.sqlite_url(path), str(path), path)]
    settings = []
    for size in options.sizes:
        url = prepare.ensure_postgresql_database(size)
        settings.append(Setting(size, sql.POSTGRESQL, url, url))
    return settings


def describe_scenarios(setting: Setting) -> list[Scenario]:
    database = Database(setting.dialect, setting.location)
    try:
        scenarios = pick_scenarios(database)
    finally:
        database.close()
    print(f"\n## {setting.label}\n")
    for scenario in scenarios:
        print(f"- {scenario.name}: {scenario.note}")
    return scenarios


def check_same_records(targets: list[Target], scenarios: list[Scenario]) -> None:
    """Every target must answer each scenario with the API's records, in the API's order."""
    print()
    for scenario in scenarios:
        expected = None
        for target in targets:
            slugs = fetch_slugs(target, scenario)
            if not slugs:
                raise Mismatch(f"{target.name} answered {scenario.name} with no records")
            if expected is None:
                expected = slugs
            elif slugs != expected:
                raise Mismatch(describe_difference(scenario, targets[0], target, expected, slugs))
        records = "record" if len(expected) == 1 else "records"
        print(f"- {scenario.name}: the same {len(expected)} {records} on every target")


def fetch_slugs(target: Target, scenario: Scenario) -> list[str]:
    status, _, body = get(target.port, target.path(scenario), timeout=120)
    if status != 200:
        raise Mismatch(
            f"{target.name} answered {scenario.name} with {status}: {body[:500]!r}\n"
            f"  {target.url(scenario)}"
        )
    return target.slugs(json.loads(body), scenario)


def describe_difference(scenario, first: Target, other: Target, expected, slugs) -> str:
    diff = difflib.unified_diff(expected, slugs, first.name, other.name, lineterm="", n=2)
    return (
        f"{other.name} and {first.name} answer {scenario.name} with different records:\n"
        f"  {first.url(scenario)}\n  {other.url(scenario)}\n" + "\n".join(diff)
    )


def measure(targets, scenarios, options, wrk_path: str, label: str) -> list[Result]:
    """A warm-up round, then the measured rounds; each scenario runs on every target in turn."""
    results = []
    for round_number in range(WARM_UP, options.rounds + 1):
        ordered = targets[::-1] if round_number % 2 == 0 and round_number != WARM_UP else targets
        seconds = options.warmup_seconds if round_number == WARM_UP else options.seconds
        title = "warm-up (discarded)" if round_number == WARM_UP else f"round {round_number}"
        print(f"\n### {label}, {title}: {', '.join(t.name for t in ordered)}\n", flush=True)
        for scenario in scenarios:
            for target in ordered:
                measurement = wrk.run(wrk_path, target.url(scenario), seconds)
                wait_until_idle(target)
                print(
                    f"    {scenario.name:14} {target.name:10} {describe(measurement)}", flush=True
                )
                results.append(Result(label, round_number, target.name, scenario.name, measurement))
        if round_number != WARM_UP:
            print_round(results, round_number, targets, scenarios)
    return results


def wait_until_idle(target: Target) -> None:
    """Let the target finish what wrk left queued when it stopped, before the next run.

    As many cheap requests as wrk had connections queue behind those left over;
    once all are answered, no worker is still busy with the previous run.
    """
    with ThreadPoolExecutor(wrk.CONNECTIONS) as pool:
        answers = pool.map(
            lambda _: get(target.port, target.idle_path, timeout=300), range(wrk.CONNECTIONS)
        )
        statuses = {status for status, _, _ in answers}
    if statuses != {200}:
        raise RuntimeError(f"{target.name} answered {target.idle_path} with {statuses}")


def describe(measurement: wrk.Measurement) -> str:
    p50, p99 = report.latencies(measurement)
    text = f"{measurement.requests_per_second:9,.1f} req/s  p50 {p50:>8} ms  p99 {p99:>8} ms"
    if measurement.non_2xx or measurement.socket_errors:
        text += f"  !! {measurement.non_2xx} non-2xx, {measurement.socket_errors} socket errors"
    return text


def cells_of(results: list[Result], round_number: int) -> report.Cells:
    return {(r.target, r.scenario): r.measurement for r in results if r.round == round_number}


def print_round(results, round_number: int, targets, scenarios) -> None:
    names, scenario_names = [t.name for t in targets], [s.name for s in scenarios]
    cells = cells_of(results, round_number)
    ratios = report.per_scenario_ratios(cells, names, scenario_names)
    print()
    print(report.table(cells, names, scenario_names, ratios))
    print()
    print(report.ratio_lines(report.across_scenario_ratios(cells)))


def summarize(setting: Setting, targets, scenarios, results: list[Result]) -> dict:
    names, scenario_names = [t.name for t in targets], [s.name for s in scenarios]
    rounds = sorted({r.round for r in results if r.round != WARM_UP})
    per_round = [cells_of(results, number) for number in rounds]
    scenario_ratios = report.mean_ratios(
        [report.per_scenario_ratios(cells, names, scenario_names) for cells in per_round]
    )
    across = report.mean_ratios([report.across_scenario_ratios(cells) for cells in per_round])
    mean = report.mean_cells(per_round)
    problems = [line for cells in per_round for line in report.problems(cells)]
    print(f"\n### {setting.label}: mean of {len(rounds)} measured round(s)\n")
    print(report.table(mean, names, scenario_names, scenario_ratios))
    print()
    print(report.ratio_lines(across))
    print("\n(ratios: each taken within one round, then averaged)")
    for line in problems:
        print(f"!! {line}")
    return {
        "setting": setting.label,
        "database": display_location(setting),
        "scenarios": [
            {**asdict(s), "urls": {t.name: t.url(s) for t in targets}} for s in scenarios
        ],
        "results": [asdict(result) for result in results],
        "mean": {f"{target} {scenario}": asdict(cell) for (target, scenario), cell in mean.items()},
        "ratios": {"per_scenario": scenario_ratios, "across_scenarios": across},
        "problems": problems,
    }


def across_sizes(runs: list[dict]) -> dict:
    """Mean req/s of each scenario at each size, and the filtered lists at 1m over 10k."""
    throughput = {
        run["setting"]: {key: cell["requests_per_second"] for key, cell in run["mean"].items()}
        for run in runs
    }
    keys = list(runs[0]["mean"])
    print("\n## Across sizes (mean req/s)\n")
    print(report.sizes_table(throughput, keys))
    large, small = SIZE_RATIO
    if large not in throughput or small not in throughput:
        return {"requests_per_second": throughput}
    ratios = {
        key: report.ratio(throughput[large][key], throughput[small][key])
        for key in keys
        if key.split()[1] in FILTERED_LISTS
    }
    print(f"\nFiltered-list throughput, {large} over {small}:\n")
    for key, value in ratios.items():
        print(f"- {key}: {value:.2f}" if value is not None else f"- {key}: n/a")
    return {"requests_per_second": throughput, f"{large}/{small}": ratios}


def display_location(setting: Setting) -> str:
    """The database without this machine's paths: relative to the repository when a file."""
    if setting.datasette_file is not None:
        return str(Path(setting.location).relative_to(ROOT))
    return setting.location


def command_line() -> str:
    program = [os.path.relpath(sys.executable, ROOT), os.path.relpath(sys.argv[0], ROOT)]
    return shlex.join(program + sys.argv[1:])


def postgresql_version(options) -> str | None:
    if options.database != "postgresql":
        return None
    return prepare.postgresql_server_version()


def print_header(options, facts: dict) -> None:
    print(f"# compare {options.database}: {facts['date']}\n")
    print(f"command: {facts['command']}")
    print(f"machine: {report.describe_machine(facts['machine'])}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in facts["versions"].items()))
    print(
        f"wrk: {wrk.THREADS} threads, {wrk.CONNECTIONS} connections, {options.seconds:g} s a run "
        f"(warm-up {options.warmup_seconds:g} s), {options.rounds} measured round(s)"
    )
    targets = f"api and floor: gunicorn, {servers.WORKERS} sync workers each"
    if options.database == "sqlite":
        targets += f"; datasette: one process, {servers.DATASETTE_SQL_THREADS} SQL threads"
    print(f"targets: {targets}")


def environment_facts(options, wrk_path: str) -> dict:
    pins = prepare.FLOOR_PINS + (prepare.DATASETTE_PINS if options.database == "sqlite" else ())
    return {
        "command": command_line(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": report.machine(),
        "versions": report.versions(wrk_path, pins, postgresql_version(options)),
    }


def write_json(options, facts: dict, runs: list[dict], across: dict | None) -> None:
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = prepare.VAR / f"compare-{options.database}-{stamp}.json"
    document = {
        **facts,
        "options": {
            "seconds": options.seconds,
            "warmup_seconds": options.warmup_seconds,
            "rounds": options.rounds,
            "threads": wrk.THREADS,
            "connections": wrk.CONNECTIONS,
        },
        "runs": runs,
        "across_sizes": across,
    }
    path.write_text(json.dumps(document, indent=2, default=str))
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (prepare.PreparationError, Mismatch) as error:
        sys.exit(f"\ncompare: {error}")
