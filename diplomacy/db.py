"""The database connection's own settings that some work lifts for a while."""

import contextlib

from django.db import connections


@contextlib.contextmanager
def without_time_limit(using: str = "default"):
    """Lift the statement time limit of a PostgreSQL connection (QUERY_TIME_LIMIT_MS) for the
    block: a migration or an export may read or rebuild a whole table. Put back after."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")  # the connection's own limit
