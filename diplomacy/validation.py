"""Rules about provenance shared by the loader, the admin and the API.

Each function raises ``django.core.exceptions.ValidationError`` with a message a
curator can act on, so every entry point reports the same words.
"""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from diplomacy.choices import FigureMeasure

QUOTE_MARKS = "\"“”‘’'"
# The addresses beside a resource's records (/api/v1/meetings/feed/, .../facets/,
# .../calendar/): a record with one of these slugs could not be reached at its own.
ROUTE_NAMES = frozenset({"feed", "facets", "calendar"})


def not_a_route_name(slug: str) -> None:
    if slug in ROUTE_NAMES:
        raise ValidationError(
            "%(slug)s names an address of the API (%(names)s); choose another slug.",
            code="route_name",
            params={"slug": slug, "names": ", ".join(sorted(ROUTE_NAMES))},
        )


def with_line_feeds(text: str) -> str:
    """Text as the service keeps it: each CRLF or CR line break as LF, nothing else changed
    (a browser's form sends CRLF; the final newline stays). Offsets into it count Unicode
    code points."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def occurrences(text: str, excerpt: str) -> list[int]:
    """Every start offset of ``excerpt`` in ``text``, overlapping ones included."""
    starts = []
    start = text.find(excerpt)
    while start != -1:
        starts.append(start)
        start = text.find(excerpt, start + 1)
    return starts


def locate_excerpt(text: str, excerpt: str, occurrence: int | None = None) -> tuple[int, int]:
    """Return ``(start, end)`` of the excerpt in the source text.

    ``occurrence`` (1-based) says which one is meant when the excerpt appears
    more than once; it is refused when the excerpt is unique, so that a stale
    index cannot silently point at other words.
    """
    if not excerpt or not excerpt.strip():
        raise ValidationError("The excerpt is empty.", code="empty_excerpt")
    starts = occurrences(text, excerpt)
    if not starts:
        raise ValidationError(
            "The excerpt %(excerpt)r is not in the source text (it must be copied exactly, "
            "curly quotes and apostrophes included).",
            code="excerpt_not_found",
            params={"excerpt": _shorten(excerpt)},
        )
    if occurrence is None:
        if len(starts) > 1:
            raise ValidationError(
                "The excerpt %(excerpt)r appears %(count)d times in the source; "
                "give its occurrence (1 to %(count)d) or a longer excerpt.",
                code="excerpt_ambiguous",
                params={"excerpt": _shorten(excerpt), "count": len(starts)},
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise ValidationError(
            "The excerpt %(excerpt)r appears %(count)d time(s); occurrence %(occurrence)d "
            "does not exist.",
            code="excerpt_occurrence",
            params={"excerpt": _shorten(excerpt), "count": len(starts), "occurrence": occurrence},
        )
    start = starts[occurrence - 1]
    return start, start + len(excerpt)


def check_offsets(text: str, excerpt: str, start: int, end: int) -> None:
    """The stored offsets must still select the excerpt in the source text."""
    if text[start:end] != excerpt:
        raise ValidationError(
            "The offsets %(start)d-%(end)d do not select the excerpt %(excerpt)r in the source.",
            code="offsets_mismatch",
            params={"start": start, "end": end, "excerpt": _shorten(excerpt)},
        )


def check_quote(quote: str, excerpts: Iterable[str]) -> None:
    """A quote must stand verbatim, inside quotation marks, in one of its excerpts."""
    quote = quote.strip()
    for excerpt in excerpts:
        position = excerpt.find(quote)
        if position == -1:
            continue
        before = excerpt[:position].rstrip()
        if before and before[-1] in QUOTE_MARKS:
            return
    raise ValidationError(
        "A quote must be the exact words between quotation marks in a cited excerpt; "
        "%(quote)r is not. Record reported speech as a paraphrase.",
        code="quote_not_verbatim",
        params={"quote": _shorten(quote)},
    )


# The widest uncertainty a precision allows is a year; date filters rely on this bound.
LONGEST_DATE_RANGE = datetime.timedelta(days=366)

# A precision says how wide an interval is: at most this many days, counting both ends.
PRECISION_DAYS = {"day": 1, "week": 7, "month": 31, "year": LONGEST_DATE_RANGE.days + 1}


def precision_of(start: datetime.date, end: datetime.date) -> str | None:
    """The precision of the interval ``start`` to ``end``: the narrowest that holds it."""
    days = (end - start).days + 1
    return next((name for name, most in PRECISION_DAYS.items() if days <= most), None)


def precision_for(start, end, given: str | None = None) -> str | None:
    """The precision an editor gave, or, when none and both days are known, the narrowest
    that holds them (a year when they are further apart): the write API's rule, the
    admin's and the intake's."""
    if given or not (start and end) or start > end:
        return given or None
    return precision_of(start, end) or "year"


def check_date_range(start, end, precision: str | None = None, open_ended: bool = False) -> None:
    """An interval's days: both known exactly when the precision is, in order, within a year.

    ``open_ended`` intervals (a post held since a known day) may lack either day.
    """
    if precision is not None:
        unknown = precision == "unknown"
        if unknown and (start or end):
            raise ValidationError(
                {"date_precision": "An unknown date has no days; give a precision."},
                code="date_precision",
            )
        if not unknown and not (start or end):
            raise ValidationError(
                {"date_start": "Give the earliest and latest days, or the precision 'unknown'."},
                code="date_missing",
            )
        if not unknown and not open_ended and not (start and end):
            raise ValidationError(
                {
                    ("date_end" if start else "date_start"): "Give both the earliest and the "
                    "latest day the sources allow (the same day for a known day)."
                },
                code="date_bound_missing",
            )
    if start and end and end < start:
        raise ValidationError(
            {"date_end": "The end date is before the start date."}, code="date_range"
        )
    if precision not in (None, "unknown") and start and end and not open_ended:
        expected = precision_of(start, end)
        if expected is not None and precision != expected:
            days = (end - start).days + 1
            raise ValidationError(
                {
                    "date_precision": f"An interval of {days} day(s) has the precision "
                    f"{expected!r} (day: one day; week: up to 7; month: up to 31; year: up to "
                    f"{PRECISION_DAYS['year']}); the note says which phrase it comes from."
                },
                code="date_precision_span",
            )
    if start and end and end - start > LONGEST_DATE_RANGE and not open_ended:
        raise ValidationError(
            {
                "date_end": "A date range spans at most a year; a longer event is "
                "recorded as its separate meetings."
            },
            code="date_range_too_long",
        )


# The first day of the events each figure measure counts: none is reported before it.
COUNTED_FROM = {
    FigureMeasure.OCT7_ATTACK_DEATHS: datetime.date(2023, 10, 7),
    FigureMeasure.OCT7_HOSTAGES_TAKEN: datetime.date(2023, 10, 7),
    FigureMeasure.GAZA_DEATH_TOLL: datetime.date(2023, 10, 7),
}


def check_reported_after_event(measure: str, reported_from) -> None:
    """A figure is not reported before the events it counts began."""
    first = COUNTED_FROM.get(measure)
    if first and reported_from and reported_from < first:
        raise ValidationError(
            {
                "date_start": f"This figure counts events from {first.isoformat()}; it cannot "
                "have been reported before then. Narrow the interval."
            },
            code="reported_before_event",
        )


def check_attribution(text: str, words: str, actor) -> None:
    """An attribution is the source's own words, and an actor is credited only with them."""
    words = (words or "").strip()
    if actor is not None and not words:
        raise ValidationError(
            'Give the words the source uses to credit %(actor)s ("according to ..."); '
            "a citation without them is the outlet's own reporting.",
            code="attribution_unworded",
            params={"actor": getattr(actor, "slug", actor)},
        )
    if words and words not in text:
        raise ValidationError(
            "The attribution %(words)r is not in the source text: copy the words that credit "
            'the fact exactly ("according to China’s Foreign Ministry"), or leave it empty '
            "for the outlet's own reporting.",
            code="attribution_not_found",
            params={"words": _shorten(words)},
        )


def _folded(text: str) -> str:
    return text.replace("\u2019", "'").casefold()


def excerpt_names(excerpt: str, names: Iterable[str]) -> bool:
    """Whether ``excerpt`` names one of ``names`` (an actor's name and aliases) as words of
    its own: "China" names China in "China's envoy", not in "Chinatown"."""
    folded = _folded(excerpt)
    for name in names:
        name = _folded(name.strip())
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return True
    return False


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
