"""The one place that relies on Django's query compiler, an internal.

No public interface gives a query's SQL with its parameters and the converters its rows
need (``QuerySet.query`` prints SQL unsafe to run; ``raw()`` does not convert). The read
path compiles each read once per process and runs it with new keys many times
(``diplomacy.projection.compiled``), so it needs both. What it relies on:

- ``Query.get_compiler(using).as_sql()`` gives ``(sql, params)``, the ``__in`` keys
  being the last parameters, in order;
- ``compiler.select`` lists ``(expression, sql, alias)`` for each column, in the order
  of the rows it reads;
- ``compiler.get_converters(expressions)`` maps a column's index to
  ``(functions, expression)``, each function called ``f(value, expression, connection)``.

``tests/diplomacy/test_compiled.py`` checks each of these; it fails, naming which, when a
Django release changes them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class CompiledRead:
    """A query compiled once, run with new keys: its SQL, the parameters before the keys,
    and for each column its converters (a date column's text to a date)."""

    sql: str
    params: tuple
    converters: tuple[tuple[int, tuple[Callable, ...], object], ...]

    def run(self, using: str, keys: Sequence) -> tuple[list[str], list[list]]:
        """The column aliases and the rows, each value as the model's field gives it."""
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*self.params, *keys])
            names = [column[0] for column in cursor.description]
            rows = []
            for values in cursor.fetchall():
                values = list(values)
                for index, functions, expression in self.converters:
                    for convert in functions:
                        values[index] = convert(values[index], expression, connection)
                rows.append(values)
        return names, rows


def compile_read(
    queryset: QuerySet, placeholders: list, leave_raw: Callable[[object], bool] = lambda e: False
) -> CompiledRead:
    """Compile ``queryset``, filtered by ``<key>__in=placeholders``, for running again with
    as many other keys. Columns whose expression ``leave_raw`` accepts keep the database's
    value (a nested list as JSON text)."""
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    count = len(placeholders)
    if list(params[-count:]) != list(placeholders):
        raise AssertionError("Django's compiled SQL no longer ends with the keys' parameters")
    expressions = [column for column, _, _ in compiler.select]
    converters = tuple(
        (index, tuple(functions), expressions[index])
        for index, (functions, _) in compiler.get_converters(expressions).items()
        if not leave_raw(expressions[index])
    )
    return CompiledRead(sql, tuple(params[:-count]), converters)
