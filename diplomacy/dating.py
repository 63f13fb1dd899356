"""Date intervals written as ISO 8601-2 / EDTF strings, and read back from them."""

import calendar
import datetime
import re

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

OPEN = ".."
# What the filters accept: EDTF dates (year, month or day) and intervals, open ends (..)
# and the qualifiers ? ~ %. Unspecified digits, sets, lists and times are refused before
# the parser sees them.
EDTF_SUBSET = re.compile(r"[0-9?~%./-]{1,40}")


def edtf_interval(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """The shortest EDTF string for the days ``start`` to ``end``, both included.

    A single day is ``2023-11-20``, a whole month ``2023-10``, a whole year ``2023``,
    anything else ``2023-10-08/2023-10-31``; an unknown bound is ``..``.
    """
    if start is None and end is None:
        return None
    if start is None or end is None:
        return f"{start or OPEN}/{end or OPEN}"
    if start == end:
        return start.isoformat()
    if start.day == 1 and end == last_day_of_month(start):
        return f"{start:%Y-%m}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start:%Y}"
    return f"{start.isoformat()}/{end.isoformat()}"


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def interval_of(text: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day an EDTF date or interval covers (``2023-10``, ``2023-10-08/..``).

    Each end of an interval is read as an EDTF date on its own; ``..`` leaves it open.
    Raises ``ValueError`` for what is not EDTF, or leaves both ends open.
    """
    if not EDTF_SUBSET.fullmatch(text):
        raise ValueError(f"{text!r} is not an EDTF date or interval")
    parts = text.split("/")
    if len(parts) > 2 or parts == [OPEN]:
        raise ValueError(f"{text!r} is not an EDTF date or interval")
    first, last = parts[0], parts[-1]
    bounds = (
        None if first == OPEN else _day(first, "lower_strict"),
        None if last == OPEN else _day(last, "upper_strict"),
    )
    if bounds == (None, None):
        raise ValueError(f"{text!r} leaves both ends open")
    return bounds


# A plain year, month or day (2023, 2023-10, 2023-10-09): read here, as the EDTF parser
# reads it, in microseconds where the parser takes milliseconds. Anything else (seasons,
# qualifiers) goes to the parser.
PLAIN = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?")


def _day(text: str, end: str) -> datetime.date:
    plain = PLAIN.fullmatch(text)
    if plain:
        year, month, day = (int(part) if part else None for part in plain.groups())
        first = end == "lower_strict"
        try:
            if day is not None:
                return datetime.date(year, month, day)
            if month is not None:
                start = datetime.date(year, month, 1)
                return start if first else last_day_of_month(start)
            return datetime.date(year, 1, 1) if first else datetime.date(year, 12, 31)
        except ValueError:
            raise ValueError(f"{text!r} is not an EDTF date") from None
    try:
        moment = getattr(parse_edtf(text), end)()
        return datetime.date(moment.tm_year, moment.tm_mon, moment.tm_mday)
    except (EDTFParseException, ValueError, TypeError, AttributeError, OverflowError):
        raise ValueError(f"{text!r} is not an EDTF date") from None
