"""The SQL that Datasette and the floor run for each scenario, on SQLite and on PostgreSQL.

Each page query returns the records of the API's page, in the same order, with
what the API serves of each (participants or speaker and audience, topic
slugs, citations) gathered as JSON in correlated subqueries, so that every
target does comparable work. They mirror api/filters/ (the filters),
diplomacy/ordering.py (chronological, undated last, then slug) and api/pagination.py
(keyset pages; on the first page, a count bounded to COUNT_LIMIT + 1 rows).

Queries are written once, with ``:name`` parameters (SQLite's and Datasette's
style); ``Dialect.finish`` turns them into psycopg's ``%(name)s``.
"""

import re
from dataclasses import dataclass

PAGE_SIZE = 50
COUNT_LIMIT = 1000
SYNTHETIC_SLUGS = "synthetic-%"  # a LIKE pattern: diplomacy/scale.py's records


@dataclass(frozen=True)
class Dialect:
    name: str
    object_function: str
    array_function: str
    empty_array: str
    days_before_template: str

    def json_object(self, **pairs: str) -> str:
        arguments = ", ".join(f"'{key}', {value}" for key, value in pairs.items())
        return f"{self.object_function}({arguments})"

    def json_array(self, item: str, rows: str) -> str:
        """A JSON array of ``item`` over ``rows``, in the order ``rows`` sorts them."""
        return (
            f"(SELECT coalesce({self.array_function}({item}), {self.empty_array}) "
            f"FROM ({rows}) AS item)"
        )

    def days_before(self, date: str, days: int) -> str:
        return self.days_before_template.format(date=date, days=days)

    def finish(self, sql: str) -> str:
        """``sql`` in this dialect's parameter style; casts such as ``::json`` stay as they are."""
        if self.name == "postgresql":
            return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)
        return sql


SQLITE = Dialect(
    "sqlite", "json_object", "json_group_array", "'[]'", "date({date}, '-{days} days')"
)
POSTGRESQL = Dialect(
    "postgresql", "json_build_object", "json_agg", "'[]'::json", "(CAST({date} AS date) - {days})"
)


@dataclass(frozen=True)
class Query:
    """A page of ``table`` rows (as ``rows``), chosen by key first, then shaped.

    ``where`` finds the matching rows, ``keys`` sort them (ascending) and
    ``position`` (a keyset condition) starts the page, without narrowing the
    count. The page's ids are read first, which the covering indexes serve
    (as the API's deferred join does); ``columns`` and ``joins`` then shape
    those rows alone, so the JSON subqueries run for the page's rows only.
    """

    table: str
    rows: str
    where: str
    columns: str
    joins: str = ""
    keys: tuple[str, ...] = ()
    position: str = ""
    json_columns: tuple[str, ...] = ()
    is_list: bool = True
    # The API counts on the first page only; the cursors carry that count to the others.
    is_counted: bool = True

    @property
    def source(self) -> str:
        return f"{self.table} AS {self.rows}"

    @property
    def order(self) -> str:
        return f"ORDER BY {', '.join(self.keys)}" if self.keys else ""

    def page_sql(self) -> str:
        where = f"({self.where}) AND ({self.position})" if self.position else self.where
        limit = f" LIMIT {PAGE_SIZE}" if self.is_list else ""
        page = f"SELECT {self.rows}.id FROM {self.source} WHERE {where} {self.order}{limit}"
        return (
            f"SELECT {self.columns} FROM ({page}) AS page "
            f"JOIN {self.source} ON {self.rows}.id = page.id {self.joins} {self.order}"
        )

    def bounded_count_sql(self) -> str:
        return (
            f"SELECT count(*) FROM (SELECT 1 FROM {self.source} WHERE {self.where} "
            f"LIMIT {COUNT_LIMIT + 1}) AS bounded"
        )

    def count_sql(self) -> str:
        return f"SELECT count(*) FROM {self.source} WHERE {self.where}"

    def keys_at_sql(self) -> str:
        """The sort keys of the row at ``:offset`` (0-based), as a cursor holds them."""
        return (
            f"SELECT {', '.join(self.keys)} FROM {self.source} WHERE {self.where} {self.order} "
            "LIMIT 1 OFFSET :offset"
        )


# diplomacy/ordering.py: the chronological order, by DateSortKey (an
# undated record sorts as the last possible day), then the slug. Written exactly as
# the expression indexes are, so that they serve the order.
MEETING_SORT_KEY = "COALESCE(meeting.date_start, '9999-12-31')"
MEETING_END_KEY = "COALESCE(meeting.date_end, '9999-12-31')"
MEETING_KEYS = (MEETING_SORT_KEY, MEETING_END_KEY, "meeting.slug")
STATEMENT_KEYS = (
    "COALESCE(statement.date_start, '9999-12-31')",
    "COALESCE(statement.date_end, '9999-12-31')",
    "statement.slug",
)
# diplomacy.validation.LONGEST_DATE_RANGE: no meeting starts more than this before it ends.
LONGEST_DATE_RANGE_DAYS = 366
# After the cursor's row, as api/pagination.py puts it: a range on the sort key for the
# index scan to start from, then the tie broken by the slug.
MEETING_POSITION = (
    f"{MEETING_SORT_KEY} >= :after_key AND ({MEETING_SORT_KEY} > :after_key "
    f"OR ({MEETING_SORT_KEY} = :after_key AND ({MEETING_END_KEY} > :after_end "
    f"OR ({MEETING_END_KEY} = :after_end AND meeting.slug > :after_slug))))"
)
# The actor filter (api/filters/base.py): one EXISTS test on the participations, with
# the actor's id, which the API looks up first. Given as a value, not a subquery, it lets
# PostgreSQL's planner see how many meetings this actor is in, as the API's query does.
WITH_ACTOR = (
    "EXISTS (SELECT 1 FROM diplomacy_participation AS chosen "
    "WHERE chosen.meeting_id = meeting.id AND chosen.actor_id = :actor_id)"
)
MEETING_JSON_COLUMNS = ("location", "participants", "topics", "citations")
STATEMENT_JSON_COLUMNS = ("speaker", "audience", "topics", "citations")


def meeting_window(dialect: Dialect) -> str:
    """api/filters/meetings.py: meetings overlapping [date_from, date_to], published.

    The bounds on the sort key select no fewer meetings (none spans more than
    LONGEST_DATE_RANGE_DAYS); they let the chronological index scan seek to the window.
    """
    earliest_start = dialect.days_before(":date_from", LONGEST_DATE_RANGE_DAYS)
    return (
        "meeting.status = 'published' "
        "AND meeting.date_end >= :date_from "
        "AND meeting.date_start <= :date_to "
        f"AND {MEETING_SORT_KEY} >= {earliest_start} AND {MEETING_SORT_KEY} <= :date_to"
    )


def queries(dialect: Dialect) -> dict[str, Query]:
    """Every query a scenario runs, by name (the floor's path and Datasette's canned query)."""
    meeting_page = {
        "table": "diplomacy_meeting",
        "rows": "meeting",
        "columns": meeting_columns(dialect),
        "keys": MEETING_KEYS,
        "json_columns": MEETING_JSON_COLUMNS,
    }
    window = meeting_window(dialect)
    return {
        "actor_window": Query(where=f"{window} AND {WITH_ACTOR}", **meeting_page),
        "window": Query(where=window, **meeting_page),
        "window_after": Query(
            where=window, position=MEETING_POSITION, is_counted=False, **meeting_page
        ),
        "statement_search": Query(
            table="diplomacy_statement",
            rows="statement",
            where=f"statement.status = 'published' AND {text_match(dialect)}",
            columns=statement_columns(dialect),
            joins="JOIN diplomacy_actor AS speaker ON speaker.id = statement.speaker_id "
            "LEFT JOIN diplomacy_meeting AS meeting ON meeting.id = statement.meeting_id "
            "LEFT JOIN diplomacy_resolution AS resolution "
            "ON resolution.id = statement.resolution_id",
            keys=STATEMENT_KEYS,
            json_columns=STATEMENT_JSON_COLUMNS,
        ),
        "meeting_detail": Query(
            where="meeting.slug = :slug",
            is_list=False,
            is_counted=False,
            **(meeting_page | {"keys": ()}),
        ),
    }


def text_match(dialect: Dialect) -> str:
    """diplomacy/search.py: the stored, GIN-indexed vector on PostgreSQL; on SQLite, ``:q``
    (one word or phrase) as a case-insensitive substring."""
    if dialect is POSTGRESQL:
        return "statement.search_document @@ websearch_to_tsquery('english'::regconfig, :q)"
    return "statement.text LIKE '%' || :q || '%' ESCAPE '\\'"


def meeting_columns(dialect: Dialect) -> str:
    location = dialect.json_object(name="meeting.location_name", country="meeting.location_country")
    return (
        "meeting.slug, meeting.title, meeting.kind, meeting.format, meeting.occurrence, "
        "meeting.date_start, meeting.date_end, meeting.date_precision, meeting.date_note, "
        f"{location} AS location, meeting.trip, "
        f"{participants(dialect)} AS participants, "
        f"{topics(dialect, 'diplomacy_meeting_topics', 'meeting_id', 'meeting.id')} AS topics, "
        "meeting.summary, "
        f"{citations(dialect, 'meeting_id', 'meeting.id')} AS citations, "
        "meeting.status, meeting.created_at, meeting.updated_at"
    )


def statement_columns(dialect: Dialect) -> str:
    speaker = dialect.json_object(slug="speaker.slug", name="speaker.name", kind="speaker.kind")
    return (
        f"statement.slug, {speaker} AS speaker, statement.text, statement.kind, "
        "statement.date_start, statement.date_end, statement.date_precision, "
        "statement.date_note, "
        "meeting.slug AS meeting, resolution.slug AS resolution, "
        f"{audience(dialect)} AS audience, "
        f"{topics(dialect, 'diplomacy_statement_topics', 'statement_id', 'statement.id')} "
        "AS topics, "
        f"{citations(dialect, 'statement_id', 'statement.id')} AS citations, "
        "statement.status, statement.created_at, statement.updated_at"
    )


def actor_reference(dialect: Dialect) -> str:
    return dialect.json_object(slug="item.slug", name="item.name", kind="item.kind")


def participants(dialect: Dialect) -> str:
    item = dialect.json_object(actor=actor_reference(dialect), role="item.role", title="item.title")
    rows = (
        "SELECT actor.slug, actor.name, actor.kind, participation.role, participation.title "
        "FROM diplomacy_participation AS participation "
        "JOIN diplomacy_actor AS actor ON actor.id = participation.actor_id "
        "WHERE participation.meeting_id = meeting.id ORDER BY participation.id"
    )
    return dialect.json_array(item, rows)


def audience(dialect: Dialect) -> str:
    rows = (
        "SELECT actor.slug, actor.name, actor.kind FROM diplomacy_statement_audience AS heard "
        "JOIN diplomacy_actor AS actor ON actor.id = heard.actor_id "
        "WHERE heard.statement_id = statement.id ORDER BY actor.name, actor.slug"
    )
    return dialect.json_array(actor_reference(dialect), rows)


def topics(dialect: Dialect, through: str, column: str, parent: str) -> str:
    rows = (
        f"SELECT topic.slug FROM {through} AS tagged "
        "JOIN diplomacy_topic AS topic ON topic.id = tagged.topic_id "
        f"WHERE tagged.{column} = {parent} ORDER BY topic.slug"
    )
    return dialect.json_array("item.slug", rows)


def citations(dialect: Dialect, column: str, parent: str) -> str:
    item = dialect.json_object(
        source="item.source", excerpt="item.excerpt", start="item.start", end='item."end"'
    )
    rows = (
        'SELECT source.slug AS source, citation.excerpt, citation.start, citation."end" '
        "FROM diplomacy_citation AS citation "
        "JOIN diplomacy_source AS source ON source.id = citation.source_id "
        f"WHERE citation.{column} = {parent} "
        "ORDER BY source.date_start NULLS LAST, citation.source_id, citation.start, citation.id"
    )
    return dialect.json_array(item, rows)


HEAVIEST_ACTOR = (
    "SELECT actor.slug, actor.id FROM diplomacy_participation AS participation "
    "JOIN diplomacy_actor AS actor ON actor.id = participation.actor_id "
    "WHERE actor.slug LIKE :synthetic "
    "GROUP BY actor.slug, actor.id ORDER BY count(*) DESC, actor.slug LIMIT 1"
)
BUSIEST_MEETING = (
    "SELECT meeting.slug, count(*) FROM diplomacy_participation AS participation "
    "JOIN diplomacy_meeting AS meeting ON meeting.id = participation.meeting_id "
    "WHERE meeting.slug LIKE :synthetic AND meeting.status = 'published' "
    "GROUP BY meeting.slug ORDER BY count(*) DESC, meeting.slug LIMIT 1"
)
