"""The six scenarios, with their arguments picked from the database they run on.

Each scenario is one URL per target: the API's path, and the named query (see
sql.py) with its parameters that Datasette and the floor run.
"""

import hashlib
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urlencode

import sql
from django.core import signing
from harness import SECRET_KEY

CURSOR_SALT = "api.pagination.cursor"  # as api/pagination.py signs its cursors

ACTOR_YEAR = ("2020-01-01", "2020-12-31")
# The synthetic data spans the ten years from 2015: these eight hold about 80% of meetings.
WIDE_WINDOW = ("2016-01-01", "2023-12-31")
# 50,000 rows deep: 5/8 of the wide window at the default scale. A database too small
# for that goes 5/8 of the way into its window.
DEEP_ROW = 50_000
DEEP_FRACTION = (5, 8)
RARE_WORD = "zeugma"  # one of diplomacy.scale.RARE_WORDS
COMMON_WORD = "ceasefire"  # one of diplomacy.scale.COMMON_WORDS


@dataclass(frozen=True)
class Scenario:
    name: str
    api_path: str
    query: str  # the name of its query in sql.queries()
    parameters: dict[str, str | int]
    note: str = ""
    is_list: bool = True

    def query_string(self) -> str:
        return urlencode(self.parameters)


# The least request each target answers: the cost of the server and framework alone.
SERVER = Scenario(
    "server",
    "/health/live",
    "",
    {},
    note="each target's least request: the API's /health/live, the floor's /health, "
    "Datasette's select 1",
    is_list=False,
)


@dataclass
class Database:
    """Read access for picking scenario arguments, in the dialect's parameter style."""

    dialect: sql.Dialect
    location: str  # a file path for SQLite, a URL for PostgreSQL
    _connection: object = field(default=None, repr=False)

    def rows(self, query: str, **parameters) -> list[tuple]:
        return self.connection().execute(self.dialect.finish(query), parameters).fetchall()

    def value(self, query: str, **parameters):
        return self.rows(query, **parameters)[0][0]

    def connection(self):
        if self._connection is None:
            if self.dialect is sql.SQLITE:
                self._connection = sqlite3.connect(f"file:{self.location}?mode=ro", uri=True)
            else:
                import psycopg  # the project's own dependency; only PostgreSQL runs need it

                self._connection = psycopg.connect(self.location, autocommit=True)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# The models whose drafts the public may not see (diplomacy/visibility.py's PUBLIC), by label.
PUBLIC_HIDDEN = [
    "diplomacy.Actor",
    "diplomacy.Meeting",
    "diplomacy.Position",
    "diplomacy.ReportedFigure",
    "diplomacy.Resolution",
    "diplomacy.Source",
    "diplomacy.Statement",
    "diplomacy.Topic",
]


def query_digest(path: str, parameters: dict) -> str:
    """What an anonymous reader's cursor is valid for, as api/pagination.py's query_digest."""
    text = repr((path, sorted(parameters.items()), PUBLIC_HIDDEN))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def api_cursor(
    last_row: list, count: int | None, path: str, parameters: dict, ordering: str = "date"
) -> str:
    """The cursor the API puts in its next link after serving ``last_row`` (api/pagination.py).

    ``last_row`` holds the row's sort keys (diplomacy/ordering.py): for the default
    chronological order, the undated-last keys of the first and last day, then the slug.
    ``count`` is what the first page counted (null past COUNT_LIMIT), which cursors carry;
    the digest of ``path`` and ``parameters`` says which query the cursor answers.
    """
    values = [value.isoformat() if hasattr(value, "isoformat") else value for value in last_row]
    digest = query_digest(path, parameters)
    payload = {"v": values, "r": False, "o": ordering, "c": count, "q": digest}
    signer = signing.Signer(key=SECRET_KEY, salt=CURSOR_SALT, fallback_keys=[])
    return signer.sign_object(payload)


def pick_scenarios(database: Database) -> list[Scenario]:
    queries = sql.queries(database.dialect)
    window = {"date_from": WIDE_WINDOW[0], "date_to": WIDE_WINDOW[1]}
    return [
        actor_window(database, queries),
        wide_window(database, queries, window),
        deep_page(database, queries, window),
        search(database, queries, "rare_search", RARE_WORD),
        search(database, queries, "common_search", COMMON_WORD),
        detail(database),
    ]


def actor_window(database: Database, queries: dict) -> Scenario:
    actor, actor_id = database.rows(sql.HEAVIEST_ACTOR, synthetic=sql.SYNTHETIC_SLUGS)[0]
    year = {"date_from": ACTOR_YEAR[0], "date_to": ACTOR_YEAR[1]}
    parameters = {"actor_id": actor_id, **year}
    matches = database.value(queries["actor_window"].count_sql(), **parameters)
    return Scenario(
        "actor_window",
        f"/api/v1/meetings/?{urlencode({'actor': actor, **year})}",
        "actor_window",
        parameters,
        note=f"{actor}, the synthetic actor in most meetings: {matches:,} meetings in 2020",
    )


def wide_window(database: Database, queries: dict, window: dict) -> Scenario:
    matches = database.value(queries["window"].count_sql(), **window)
    meetings = database.value("SELECT count(*) FROM diplomacy_meeting")
    return Scenario(
        "wide_window",
        f"/api/v1/meetings/?{urlencode(window)}",
        "window",
        window,
        note=f"{matches:,} of {meetings:,} meetings ({matches / meetings:.0%})",
    )


def deep_page(database: Database, queries: dict, window: dict) -> Scenario:
    """The wide window's page after its DEEP_ROW-th row, through the API's keyset cursor."""
    window_query = queries["window"]
    matches = database.value(window_query.count_sql(), **window)
    numerator, denominator = DEEP_FRACTION
    depth = DEEP_ROW if matches >= DEEP_ROW + sql.PAGE_SIZE else matches * numerator // denominator
    last_row = database.rows(window_query.keys_at_sql(), offset=depth - 1, **window)[0]
    count = matches if matches <= sql.COUNT_LIMIT else None
    cursor = api_cursor(list(last_row), count, "/api/v1/meetings/", window)
    after = {
        "after_key": str(last_row[0]),
        "after_end": str(last_row[1]),
        "after_slug": last_row[2],
    }
    return Scenario(
        "deep_page",
        f"/api/v1/meetings/?{urlencode({**window, 'cursor': cursor})}",
        "window_after",
        {**window, **after},
        note=f"the page after row {depth:,} of the wide window",
    )


def search(database: Database, queries: dict, name: str, word: str) -> Scenario:
    matches = database.value(queries["statement_search"].count_sql(), q=word)
    statements = database.value("SELECT count(*) FROM diplomacy_statement")
    return Scenario(
        name,
        f"/api/v1/statements/?{urlencode({'q': word})}",
        "statement_search",
        {"q": word},
        note=f"{matches:,} of {statements:,} statements match {word!r}",
    )


def detail(database: Database) -> Scenario:
    slug, participants = database.rows(sql.BUSIEST_MEETING, synthetic=sql.SYNTHETIC_SLUGS)[0]
    return Scenario(
        "detail",
        f"/api/v1/meetings/{slug}/",
        "meeting_detail",
        {"slug": slug},
        note=f"{slug}, a synthetic meeting with the most participants ({participants})",
        is_list=False,
    )
