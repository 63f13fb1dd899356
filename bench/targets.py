"""The targets a comparison drives: how each is started, addressed and read.

Each answers a scenario at its own path: the API at the scenario's API path,
Datasette at the scenario's canned query, the floor at the query's route.
"""

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import servers
import sql
from scenarios import SERVER, Scenario


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
    name: str
    port: int
    path: Callable[[Scenario], str]
    slugs: Callable[[object, Scenario], list[str]]
    idle_path: str  # a cheap request that waits its turn behind any left in the queue

    def url(self, scenario: Scenario) -> str:
        path = self.idle_path if scenario is SERVER else self.path(scenario)
        return f"http://127.0.0.1:{self.port}{path}"


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
    port = stack.enter_context(servers.api(setting.url))
    targets = [Target("api", port, api_path, api_slugs, "/health/live")]
    if before is not None:
        port = stack.enter_context(servers.api(setting.url, before))
        targets.append(Target("api-before", port, api_path, api_slugs, "/health/live"))
    if setting.datasette_file is not None:
        name = setting.datasette_file.name.split(".")[0]
        metadata = datasette_metadata(name, queries)
        port = stack.enter_context(
            servers.datasette(datasette_bin, setting.datasette_file, metadata)
        )
        path = datasette_path(name, queries)
        idle_path = f"/{name}.json?sql=select+1&_shape=array"
        targets.append(Target("datasette", port, path, datasette_slugs, idle_path))
    routes = floor_routes(setting.dialect, queries)
    port = stack.enter_context(servers.floor(floor_bin, setting.location, routes, setting.label))
    targets.append(Target("floor", port, floor_path, api_slugs, "/health"))
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


def datasette_metadata(database: str, queries: dict[str, sql.Query]) -> dict:
    canned = {name: {"sql": query.page_sql()} for name, query in queries.items()}
    return {"databases": {database: {"queries": canned}}}


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
