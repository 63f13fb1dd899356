"""Sort keys that database indexes can serve, shared by the model indexes and the API."""

from django.db.models import DateField, F, Func

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
