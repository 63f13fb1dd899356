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
import difflib
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

import harness
import prepare
import sql
from harness import ROOT, Load
from scenarios import SERVER, Database, Scenario, pick_scenarios

SIZE_RATIO = ("1m", "10k")  # filtered-list throughput at the largest size over the smallest
FILTERED_LISTS = ("actor_window", "wide_window")
# api's req/s in one scenario over another's: the cost of depth and of a common word.
SCENARIO_RATIOS = {
    "deep_page/wide_window": ("deep_page", "wide_window"),
    "common_search/rare_search": ("common_search", "rare_search"),
}


@dataclass(frozen=True)
class Setting:
    """One database the targets serve: the SQLite file, or one PostgreSQL size."""

    label: str
    dialect: sql.Dialect
    url: str  # DATABASE_URL for the API
    location: str  # what the floor and the scenario picker open: a file path or a URL
    datasette_file: Path | None = None


@dataclass(frozen=True)
class Target:
    """A served target: each answers a scenario at its own path (the API at the scenario's
    API path, Datasette at the scenario's canned query, the floor at the query's route)."""

    name: str
    port: int
    path: Callable[[Scenario], str]
    slugs: Callable[[object, Scenario], list[str]]
    idle_path: str  # a cheap request that waits its turn behind any left in the queue

    def path_of(self, scenario: Scenario) -> str:
        return self.idle_path if scenario is SERVER else self.path(scenario)

    def url(self, scenario: Scenario) -> str:
        return f"http://127.0.0.1:{self.port}{self.path_of(scenario)}"

    def load(self, scenario: Scenario) -> Load:
        return Load(scenario.name, self.name, self.port, self.path_of(scenario), self.idle_path)


class Mismatch(RuntimeError):
    """The targets do not answer a scenario with the same records."""


def main() -> int:
    options = parse_arguments()
    prepare.check_project_python()
    wrk = prepare.ensure_wrk()
    floor_bin = prepare.ensure_venv(prepare.FLOOR_VENV, prepare.FLOOR_PINS)
    datasette_bin = None
    pins = prepare.FLOOR_PINS
    if options.database == "sqlite":
        datasette_bin = prepare.ensure_venv(prepare.DATASETTE_VENV, prepare.DATASETTE_PINS)
        pins += prepare.DATASETTE_PINS
    settings = prepare_settings(options)

    postgresql = prepare.postgresql_server_version() if options.database == "postgresql" else None
    facts = harness.facts(harness.versions(wrk=wrk, pins=pins, postgresql=postgresql))
    harness.print_facts(f"compare {options.database}", facts)
    print(
        f"wrk: {harness.WRK_THREADS} threads, {harness.CONNECTIONS} connections, "
        f"{options.seconds:g} s a run (warm-up {options.warmup_seconds:g} s), "
        f"{options.rounds} measured round(s)"
    )
    targets = f"api and floor: gunicorn, {harness.WORKERS} sync workers each"
    if options.database == "sqlite":
        targets += f"; datasette: one process, {harness.DATASETTE_SQL_THREADS} SQL threads"
    print(f"targets: {targets}")

    summaries = []
    for setting in settings:
        scenarios = describe_scenarios(setting)
        with ExitStack() as stack:
            targets = start_targets(stack, setting, floor_bin, datasette_bin, options.before)
            check_same_records(targets, scenarios)
            scenarios = [SERVER, *scenarios]
            loads = [target.load(scenario) for scenario in scenarios for target in targets]
            runs = harness.drive(
                wrk,
                loads,
                options.rounds,
                options.seconds,
                setting.label,
                options.warmup_seconds,
                after_round=print_round,
            )
        summaries.append(summarize(setting, targets, scenarios, runs))
    across = across_sizes(summaries) if len(summaries) > 1 else None
    document = {
        **facts,
        "options": {
            "seconds": options.seconds,
            "warmup_seconds": options.warmup_seconds,
            "rounds": options.rounds,
            "threads": harness.WRK_THREADS,
            "connections": harness.CONNECTIONS,
        },
        "runs": summaries,
        "across_sizes": across,
    }
    harness.write_json(f"compare-{options.database}", document)
    return 1 if any(summary["problems"] for summary in summaries) else 0


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


# --- the targets ----------------------------------------------------------------------------


def start_targets(
    stack: ExitStack,
    setting: Setting,
    floor_bin: Path,
    datasette_bin: Path | None,
    before: Path | None = None,
) -> list[Target]:
    """The api, the api of the checkout ``before`` when given, Datasette (on SQLite only)
    and the floor, each stopped when ``stack`` closes."""
    queries = sql.queries(setting.dialect)
    server = stack.enter_context(harness.api(setting.url))
    targets = [Target("api", server.port, api_path, api_slugs, "/health/live")]
    if before is not None:
        server = stack.enter_context(harness.api(setting.url, before.resolve(), "api-before"))
        targets.append(Target("api-before", server.port, api_path, api_slugs, "/health/live"))
    if setting.datasette_file is not None:
        name = setting.datasette_file.name.split(".")[0]
        canned = {name: {"sql": query.page_sql()} for name, query in queries.items()}
        metadata = {"databases": {name: {"queries": canned}}}
        server = stack.enter_context(
            harness.datasette(datasette_bin, setting.datasette_file, metadata)
        )
        idle_path = f"/{name}.json?sql=select+1&_shape=array"
        path = datasette_path(name, queries)
        targets.append(Target("datasette", server.port, path, datasette_slugs, idle_path))
    routes = floor_routes(setting.dialect, queries)
    server = stack.enter_context(harness.floor(floor_bin, setting.location, routes, setting.label))
    targets.append(Target("floor", server.port, floor_path, api_slugs, "/health"))
    return targets


def api_path(scenario: Scenario) -> str:
    return scenario.api_path


def floor_path(scenario: Scenario) -> str:
    return f"/{scenario.query}?{scenario.query_string()}"


def datasette_path(database: str, queries: dict[str, sql.Query]) -> Callable[[Scenario], str]:
    def path(scenario: Scenario) -> str:
        shape = [("_shape", "array")]
        shape += [("_json", column) for column in queries[scenario.query].json_columns]
        return f"/{database}/{scenario.query}.json?{urlencode(shape)}&{scenario.query_string()}"

    return path


def api_slugs(body, scenario: Scenario) -> list[str]:
    """The API's shapes, which the floor copies: a page of results, or one record."""
    if scenario.is_list:
        return [row["slug"] for row in body["results"]]
    return [body["slug"]]


def datasette_slugs(body, scenario: Scenario) -> list[str]:
    return [row["slug"] for row in body]


def floor_routes(dialect: sql.Dialect, queries: dict[str, sql.Query]) -> dict:
    return {
        f"/{name}": {
            "page": dialect.finish(query.page_sql()),
            "count": dialect.finish(query.bounded_count_sql()) if query.is_counted else None,
            "is_list": query.is_list,
            "json_columns": list(query.json_columns),
        }
        for name, query in queries.items()
    }


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
                first = targets[0]
                diff = difflib.unified_diff(
                    expected, slugs, first.name, target.name, lineterm="", n=2
                )
                raise Mismatch(
                    f"{target.name} and {first.name} answer {scenario.name} with different "
                    f"records:\n  {first.url(scenario)}\n  {target.url(scenario)}\n"
                    + "\n".join(diff)
                )
        records = "record" if len(expected) == 1 else "records"
        print(f"- {scenario.name}: the same {len(expected)} {records} on every target")


def fetch_slugs(target: Target, scenario: Scenario) -> list[str]:
    answer = harness.get(target.port, target.path(scenario), timeout=120)
    if answer.status != 200:
        raise Mismatch(
            f"{target.name} answered {scenario.name} with {answer.status}: "
            f"{answer.body[:500]!r}\n  {target.url(scenario)}"
        )
    return target.slugs(answer.json(), scenario)


# --- the report -----------------------------------------------------------------------------


def across_scenario_ratios(cells: harness.Cells) -> dict:
    return {
        name: harness.ratio(
            cells[("api", numerator)].requests_per_second,
            cells[("api", denominator)].requests_per_second,
        )
        for name, (numerator, denominator) in SCENARIO_RATIOS.items()
    }


def ratio_lines(ratios: dict) -> str:
    return "\n".join(
        f"- {name} (api req/s): {harness.format_ratio(value)}" for name, value in ratios.items()
    )


def print_round(runs: list[harness.Run], number: int) -> None:
    """A measured round's table, and its ratios across scenarios."""
    targets, scenarios = harness.targets_and_scenarios(runs)
    cells = harness.cells_of(runs, number)
    ratios = harness.per_scenario_ratios(cells, targets, scenarios)
    print()
    print(harness.wrk_table(cells, targets, scenarios, ratios))
    print()
    print(ratio_lines(across_scenario_ratios(cells)))


def summarize(setting: Setting, targets, scenarios, runs) -> dict:
    per_round, mean, scenario_ratios = harness.mean_of_rounds(runs, setting.label)
    across = harness.mean_ratios([across_scenario_ratios(cells) for cells in per_round])
    problems = [line for cells in per_round for line in harness.problems(cells)]
    print()
    print(ratio_lines(across))
    print("\n(ratios: each taken within one round, then averaged)")
    for line in problems:
        print(f"!! {line}")
    # The database without this machine's paths: relative to the repository when a file.
    location = setting.location
    if setting.datasette_file is not None:
        location = str(Path(location).relative_to(ROOT))
    return {
        "setting": setting.label,
        "database": location,
        "scenarios": [
            {**asdict(s), "urls": {t.name: t.url(s) for t in targets}} for s in scenarios
        ],
        "results": [asdict(run) for run in runs],
        "mean": harness.keyed(mean),
        "ratios": {"per_scenario": scenario_ratios, "across_scenarios": across},
        "problems": problems,
    }


def across_sizes(summaries: list[dict]) -> dict:
    """Mean req/s of each scenario at each size, and the filtered lists at 1m over 10k."""
    throughput = {
        run["setting"]: {key: cell["requests_per_second"] for key, cell in run["mean"].items()}
        for run in summaries
    }
    keys = list(summaries[0]["mean"])
    sizes = list(throughput)
    print("\n## Across sizes (mean req/s)\n")
    rows = [[key, *(f"{throughput[size][key]:,.1f}" for size in sizes)] for key in keys]
    print(harness.markdown(["target scenario", *sizes], rows))
    large, small = SIZE_RATIO
    if large not in throughput or small not in throughput:
        return {"requests_per_second": throughput}
    ratios = {
        key: harness.ratio(throughput[large][key], throughput[small][key])
        for key in keys
        if key.split()[1] in FILTERED_LISTS
    }
    print(f"\nFiltered-list throughput, {large} over {small}:\n")
    for key, value in ratios.items():
        print(f"- {key}: {harness.format_ratio(value)}")
    return {"requests_per_second": throughput, f"{large}/{small}": ratios}


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (prepare.PreparationError, Mismatch) as error:
        sys.exit(f"\ncompare: {error}")
