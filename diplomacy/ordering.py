"""Sort keys that database indexes can serve, shared by the model indexes and the API."""

from django.db.models import DateField, F, Func
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

# Sentinels no curated record carries: undated records sort after every dated one.
UNDATED_ASCENDING = "9999-12-31"
UNDATED_DESCENDING = "0001-01-01"


class DateSortKey(Func):
    """A nullable date as a never-null sort key that puts undated records last.

    Ascending, an undated record sorts as the last possible day; descending, as
    the first. The sentinel is written into the SQL as a literal, so that a query
    ordering by this key matches the expression index built on it.
    """

    output_field = DateField()

    def __init__(self, field: str, descending: bool = False):
        sentinel = UNDATED_DESCENDING if descending else UNDATED_ASCENDING
        super().__init__(F(field), template=f"COALESCE(%(expressions)s, '{sentinel}')")


def date_key_bounds(field: str, earliest=None, latest=None) -> list:
    """Conditions on both sort keys of ``field`` that chronological index scans start from.

    They add nothing to a filter that already bounds ``field`` itself, so that both
    orderings (oldest first, newest first) can seek to the window.
    """
    conditions = []
    for descending in (False, True):
        key = DateSortKey(field, descending=descending)
        if earliest is not None:
            conditions.append(GreaterThanOrEqual(key, earliest))
        if latest is not None:
            conditions.append(LessThanOrEqual(key, latest))
    return conditions
