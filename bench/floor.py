"""The floor: the least a Python web process can do to answer a scenario.

A WSGI app with no framework, served by gunicorn from var/bench/floor-venv:
each path names a query (bench/sql.py), the query string gives its
parameters, and the answer is the rows as JSON (orjson), in the API's shapes:
``{"count": ..., "results": [...]}`` for a list, with the count bounded like
the API's (null past COUNT_LIMIT, and on pages the API does not count), and
the record itself for a detail. One database connection per worker process,
opened on the first request and reused.

    FLOOR_DATABASE   a SQLite file (opened immutable) or a postgres:// URL
    FLOOR_ROUTES     a JSON file: {"/name": {"page": SQL, "count": SQL or null,
                     "is_list": bool, "json_columns": [...]}}, written by
                     bench/compare.py
"""

import json
import os
import sqlite3
from urllib.parse import parse_qsl

import orjson

COUNT_LIMIT = 1000
HEADERS = [("Content-Type", "application/json")]

with open(os.environ["FLOOR_ROUTES"]) as routes_file:
    ROUTES = json.load(routes_file)
DATABASE = os.environ["FLOOR_DATABASE"]
_connection = None


def connection():
    global _connection
    if _connection is None:
        _connection = connect(DATABASE)
    return _connection


def connect(database: str):
    if database.startswith("postgres"):
        import psycopg
        from psycopg.types.json import set_json_loads

        # As the API's connections (diplomacy/settings.py): never prepared, so that each
        # query is planned for its own values, and no parallel workers.
        postgres = psycopg.connect(
            database,
            autocommit=True,
            prepare_threshold=None,
            options="-c max_parallel_workers_per_gather=0",
        )
        # JSON columns stay the bytes PostgreSQL sent: orjson embeds them as they are.
        set_json_loads(bytes, postgres)
        return postgres
    return sqlite3.connect(f"file:{database}?immutable=1", uri=True, check_same_thread=False)


def app(environ, start_response):
    if environ["PATH_INFO"] == "/health":
        return respond(start_response, "200 OK", {"status": "ok"})
    route = ROUTES.get(environ["PATH_INFO"])
    if route is None:
        return respond(start_response, "404 Not Found", {"detail": "no such route"})
    parameters = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    rows = fetch(route, parameters)
    if not route["is_list"]:
        if not rows:
            return respond(start_response, "404 Not Found", {"detail": "not found"})
        return respond(start_response, "200 OK", rows[0])
    body = {"count": bounded_count(route, parameters), "results": rows}
    return respond(start_response, "200 OK", body)


def bounded_count(route: dict, parameters: dict) -> int | None:
    if route["count"] is None:
        return None
    count = connection().execute(route["count"], parameters).fetchone()[0]
    return count if count <= COUNT_LIMIT else None


def fetch(route: dict, parameters: dict) -> list[dict]:
    cursor = connection().execute(route["page"], parameters)
    names = [column[0] for column in cursor.description]
    embedded = [name in route["json_columns"] for name in names]
    return [
        {
            name: orjson.Fragment(value) if is_json and value is not None else value
            for name, value, is_json in zip(names, row, embedded, strict=True)
        }
        for row in cursor.fetchall()
    ]


def respond(start_response, status: str, body) -> list[bytes]:
    payload = orjson.dumps(body)
    start_response(status, [*HEADERS, ("Content-Length", str(len(payload)))])
    return [payload]
