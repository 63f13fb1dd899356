"""What the read path relies on in Django's query compiler (``diplomacy.compiled``).

Each test names the internal it checks: when a Django release changes one, the failure
says which, before any answer of the API goes wrong.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import F, OuterRef, Subquery

from diplomacy.compiled import compile_read
from diplomacy.models import Meeting, Participation

pytestmark = pytest.mark.django_db


def meetings_read(placeholders, records=Meeting.objects):
    return records.filter(pk__in=placeholders).values(
        c0=F("id"),
        c1=F("date_start"),
        c2=Subquery(Participation.objects.filter(meeting=OuterRef("pk")).values("role")[:1]),
    )


def test_the_keys_are_the_last_parameters_in_order():
    """``Query.get_compiler().as_sql()``: the ``__in`` values, filtered last, close the
    parameters."""
    read = meetings_read([-3, -2, -1], Meeting.objects.filter(status="published"))
    sql, params = read.query.get_compiler(read.db).as_sql()
    assert list(params[-3:]) == [-3, -2, -1]
    assert " IN (" in sql
    assert "published" in params[:-3]


def test_the_select_lists_each_column_in_row_order():
    """``compiler.select``: ``(expression, sql, alias)`` per column, in the rows' order."""
    read = meetings_read([-1])
    compiler = read.query.get_compiler(read.db)
    compiler.as_sql()
    assert [alias for _, _, alias in compiler.select] == ["c0", "c1", "c2"]


def test_converters_turn_the_database_values_into_the_fields_values():
    """``compiler.get_converters``: ``{index: (functions, expression)}``, each function
    ``f(value, expression, connection)``; a date column arrives as a date."""
    meeting = Meeting.objects.exclude(date_start=None).first()
    compiled = compile_read(meetings_read([-1]), [-1])
    names, rows = compiled.run(connection.alias, [meeting.pk])
    assert names == ["c0", "c1", "c2"]
    assert rows[0][0] == meeting.pk
    assert isinstance(rows[0][1], datetime.date)
    assert rows[0][1] == meeting.date_start


def test_columns_left_raw_are_not_converted():
    compiled = compile_read(
        meetings_read([-1]), [-1], leave_raw=lambda e: isinstance(e, Subquery | F)
    )
    assert all(not isinstance(expression, Subquery) for _, _, expression in compiled.converters)


def test_a_read_whose_keys_are_not_last_is_refused():
    read = Meeting.objects.filter(pk__in=[-1]).filter(title="x").values("id")
    with pytest.raises(AssertionError, match="keys"):
        compile_read(read, [-1])
