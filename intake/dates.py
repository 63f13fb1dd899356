"""Dates in an article's words, as intervals resolved against its publication interval.

An article is published some day between ``first`` and ``last`` (one day when its
dateline gives the day). A phrase is resolved for every day the article may have been
published on, and the interval is the union: "on Monday" in an article of Tuesday 21 or
Wednesday 22 November 2023 is Monday 20 November; "last week" in one of 30 November to
3 December 2023 is 20 November to 26 November. The precision is the width's
(``diplomacy.validation.precision_of``); the note says which words it came from.
"""

import datetime
import re
from dataclasses import dataclass

from diplomacy.dating import last_day_of_month
from diplomacy.validation import precision_of

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ORDINAL = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
# The day-first and month-first forms of a date, the year optional: "20th November 2023",
# "November 20, 2023", "March 10".
DAY_FIRST = re.compile(rf"\b{ORDINAL}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?\b", re.I)
MONTH_FIRST = re.compile(rf"\b{MONTH}\s+{ORDINAL}\b(?:,?\s+{YEAR})?", re.I)
ISO = re.compile(r"\b(?P<year>20\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
# Day first, as outside the United States: 23/11/2023, 14.03.2024.
NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>20\d\d)\b")
MONTH_YEAR = re.compile(rf"\b(?:in\s+)?{MONTH}\s+{YEAR}\b", re.I)
WEEKDAY = re.compile(
    r"\b(?:on\s+|last\s+|this\s+|next\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I
)
WEEKDAY_UNTIL = re.compile(
    r"\s*(?:to|through|until|till|-|–)\s*(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
RELATIVE = re.compile(
    r"\b(?P<phrase>yesterday|today|tomorrow|earlier this (?:week|month|year)|"
    r"(?:at the (?:end|start|beginning) of |early |late )?(?:last|this|next) (?:week|month|year)|"
    r"later this (?:week|month|year)|the day before)\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(will|would|is expected to|are expected to|is due to|are due to|is due in|are due in|"
    r"is due at|are due at|plans? to|"
    r"intends? to|is set to|are set to|scheduled|upcoming|to travel|to visit)\b",
    re.I,
)


@dataclass(frozen=True)
class Dated:
    start: datetime.date | None
    end: datetime.date | None
    precision: str
    note: str
    words: str = ""  # the phrase it came from, verbatim
    evidence: str = "text"  # the article's words; "metadata" (its HTML's); "curator"

    @classmethod
    def unknown(cls, note: str) -> "Dated":
        return cls(None, None, "unknown", note)


def interval(start: datetime.date, end: datetime.date, note: str, words: str) -> Dated:
    if end < start:
        return Dated.unknown(f"{note} (its days contradict each other: not stored)")
    precision = precision_of(start, end)
    if precision is None:  # longer than a year: no interval the model keeps
        return Dated.unknown(f"{note} (wider than a year: not stored as an interval)")
    return Dated(start, end, precision, note, words)


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def month_start(day: datetime.date, shift: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


def explicit(match: re.Match, published: tuple | None, future: bool = False) -> tuple | None:
    """The day a written date names; a year left out is the publication's, or the year
    before when the day would fall after publication (the year after, for what is to
    come, when it would fall before)."""
    try:
        month = int(match["month"]) if match["month"].isdigit() else MONTHS[match["month"].lower()]
        day = int(match["day"])
        year = int(match["year"]) if match["year"] else None
        if year is None:
            if published is None:
                return None
            first, last = published
            found = {
                (
                    candidate
                    if (candidate >= first if future else candidate <= last)
                    else candidate.replace(year=candidate.year + (1 if future else -1))
                )
                for candidate in (
                    datetime.date(first.year, month, day),
                    datetime.date(last.year, month, day),
                )
            }
            return min(found), max(found)
        found = datetime.date(year, month, day)
        return found, found
    except (ValueError, KeyError):
        return None


PUBLISHED_LINE = re.compile(r"^\s*(?:published|updated|posted|first published)\b", re.I)
# After a dateline's date: a dash, or an agency then a dash ("Dec 7, 2023, SPA --").
DATELINE_TAIL = re.compile(r"\s*(?:,?\s*\(?[A-Z][A-Za-z]{1,12}\)?\s*)?[–—-]|\s*\(")
DATELINE_LEAD = re.compile(r"^\s*(?:[A-Z][A-Za-z .'-]{1,40},\s*)?", re.M)


def publication(text: str, head: int = 800) -> Dated | None:
    """The article's publication interval from its own words near the top: a "Published"
    or "Updated" line, a date alone on a line, or a dateline opening a paragraph
    ("21st November 2023 - (Beijing)", "BEIJING, 12 March 2024 -"). None when the top
    gives no date with its year. A date beside the weather is the page's header: the day
    it was captured, a latest bound."""
    lines = [line.strip() for line in text[:head].splitlines() if line.strip()]
    for number, stripped in enumerate(lines):
        found = _first_date(stripped[:80])
        if found is None:
            yearless = _yearless_dateline(text, stripped)
            if yearless is not None:
                return yearless
            continue
        day, words = found
        place = stripped.find(words)
        if PUBLISHED_LINE.match(stripped):
            return Dated(day, day, "day", f'The line "{stripped[:80]}".', words)
        beside = lines[max(0, number - 1) : number] + lines[number + 1 : number + 2]
        if len(stripped) - len(words) <= 24 and any(WEATHER.match(line) for line in beside):
            return _captured(text, day, stripped, words)
        if len(stripped) - len(words) <= 24:
            note = (
                f'The date line "{stripped[:80]}": the publication date, or the day the page '
                "was captured."
            )
            return Dated(day, day, "day", note, words)
        lead = stripped[:place]
        after = stripped[place + len(words) : place + len(words) + 16]
        tail = DATELINE_TAIL.match(after)
        if DATELINE_LEAD.fullmatch(lead) and tail:
            line = stripped[: place + len(words) + tail.end()].rstrip(" -–—(")
            return Dated(day, day, "day", f'The dateline "{line}".', words)
    return None


WEATHER = re.compile(r"^[-+−]?\d{1,2}(?:[.,]\d)?\s*°?\s*[CF]$")


def _captured(text: str, day: datetime.date, line: str, words: str) -> Dated:
    """Published no later than the day the page was captured, and no earlier than the
    latest day the article reports as past."""
    note = f'The page header "{line[:80]}", beside the weather, is the day the page was captured'
    latest = None
    for pattern in (ISO, NUMERIC, DAY_FIRST, MONTH_FIRST):
        for match in pattern.finditer(text):
            if match.group(0) == words:
                continue
            sentence = re.split(r"(?<=[.!?])\s|\n", text[: match.start()])[-1]
            sentence += re.split(r"(?<=[.!?])\s|\n", text[match.start() :])[0]
            if FUTURE.search(sentence):
                continue
            found = explicit(match, (day, day))
            if found and found[1] <= day and (latest is None or found[1] > latest[0]):
                latest = (found[1], match.group(0))
    if latest is None:
        return Dated(None, None, "unknown", f"{note}: published no later than that.", words)
    return interval(
        latest[0],
        day,
        f'{note}: published no later than that, and after "{latest[1].strip()}", the latest '
        "day the article reports.",
        words,
    )


def _yearless_dateline(text: str, line: str) -> Dated | None:
    """ "CAIRO, Jan 22 (Reuters) -": a dateline without its year is the first such day
    after the latest day the article dates with a year, as past."""
    for pattern in (MONTH_FIRST, DAY_FIRST):
        match = pattern.match(line, len(DATELINE_LEAD.match(line).group(0)))
        if match is None or match["year"] or not DATELINE_TAIL.match(line, match.end()):
            continue
        latest = None
        for dated in (ISO, NUMERIC, DAY_FIRST, MONTH_FIRST):
            for found in dated.finditer(text):
                if found["year"] and found.start() != match.start():
                    day = explicit(found, None)
                    if day and (latest is None or day[0] > latest[0]):
                        latest = (day[0], found.group(0))
        if latest is None:
            return None
        try:
            month = MONTHS[match["month"].lower()]
            day = datetime.date(latest[0].year, month, int(match["day"]))
            if day < latest[0]:
                day = day.replace(year=day.year + 1)
        except (KeyError, ValueError):
            return None
        note = (
            f'The dateline "{line[: match.end()]}" gives no year: the first {match.group(0)} '
            f'after "{latest[1]}", the latest day the article dates with its year.'
        )
        return Dated(day, day, "day", note, match.group(0))
    return None


def _first_date(text: str) -> tuple[datetime.date, str] | None:
    for pattern in (ISO, NUMERIC, DAY_FIRST, MONTH_FIRST):
        for match in pattern.finditer(text):
            if not match["year"]:
                continue
            found = explicit(match, None)
            if found:
                return found[0], match.group(0)
    return None


def resolve(sentence: str, published: Dated | None) -> Dated:
    """The interval a sentence's date phrase gives, against the publication interval."""
    bounds = (published.start, published.end) if published and published.start else None
    if published and published.words and published.words in sentence:
        # The dateline itself is not the day of what the sentence reports.
        sentence = sentence.replace(published.words, " " * len(published.words), 1)
    future = bool(FUTURE.search(QUOTED.sub(" ", sentence)))  # not "would" inside a quote
    for pattern in (ISO, NUMERIC, DAY_FIRST, MONTH_FIRST):
        for match in pattern.finditer(sentence):
            if not _of_the_event(sentence, match):
                continue
            found = explicit(match, bounds, future)
            if found:
                words = match.group(0)
                note = f'"{words.strip()}"' + _against(published, match["year"])
                return interval(*found, note, words)
    match = MONTH_YEAR.search(sentence)
    if match:
        first = datetime.date(int(match["year"]), MONTHS[match["month"].lower()], 1)
        return interval(
            first, last_day_of_month(first), f'"{match.group(0).strip()}"', match.group(0)
        )
    if bounds is None:
        return Dated.unknown(
            "No date in the sentence that does not need the publication date, which the "
            "article does not give."
        )
    first, last = bounds
    match = RELATIVE.search(sentence)
    if match:
        found = _relative(match["phrase"].lower(), first, last)
        if found:
            return interval(*found, f'"{match["phrase"]}"{_against(published)}', match.group(0))
    match = WEEKDAY.search(sentence)
    if match:
        weekday = WEEKDAYS.index(match["weekday"].lower())
        said = match.group(0).lower()
        ahead = future or said.startswith("next")
        days = []
        for offset in range((last - first).days + 1):
            day = first + offset * DAY
            if ahead:
                # "will ... on Monday evening", written on a Monday, may be that day.
                later = (weekday - day.weekday()) % 7 or (7 if said.startswith("next") else 0)
                days.append(day + datetime.timedelta(days=later))
            else:
                days.append(day - datetime.timedelta(days=(day.weekday() - weekday) % 7))
        words = match.group(0)
        until = WEEKDAY_UNTIL.match(sentence, match.end())
        span = 0
        if until:  # "Thursday to Saturday"
            span = (WEEKDAYS.index(until["weekday"].lower()) - weekday) % 7
            words = sentence[match.start() : until.end()]
        return interval(
            min(days),
            max(days) + span * DAY,
            f'"{words.strip()}"{_against(published)}',
            words,
        )
    return Dated.unknown("No date in the sentence; no later than publication.")


BACKGROUND = re.compile(r"(?:since|after|before|from|until)\s+(?:the\s+)?$", re.I)
NOUN_BEFORE = re.compile(
    r"\b(?:attacks?|assault|massacre|war|raid|offensive|invasion)\s+(?:on|of)\s+$", re.I
)
NOUN_AFTER = re.compile(
    r"\s*,?\s*(?:attacks?|assault|massacre|war|raid|offensive|invasion)\b", re.I
)


def _of_the_event(sentence: str, match: re.Match) -> bool:
    """A date that names another event ("since the October 7, 2023 attack") is not the
    sentence's own."""
    before = sentence[max(0, match.start() - 30) : match.start()]
    if BACKGROUND.search(before) or NOUN_AFTER.match(sentence, match.end()):
        return False
    if NOUN_BEFORE.search(before):  # "Hamas' attacks on October 7"
        return False
    return not re.search(r"\bthe\s+$", before, re.I)


def _against(published: Dated | None, year: str | None = "") -> str:
    if published is None or year:
        return ""
    when = (
        published.start.isoformat()
        if published.start == published.end
        else f"{published.start} to {published.end}"
    )
    return f", read against the publication date ({when})"


def _relative(phrase: str, first: datetime.date, last: datetime.date) -> tuple | None:
    words = phrase.split()
    unit = words[-1]
    if phrase == "yesterday" or phrase == "the day before":
        return first - DAY, last - DAY
    if phrase == "today":
        return first, last
    if phrase == "tomorrow":
        return first + DAY, last + DAY
    if phrase.startswith("earlier this"):
        start = {
            "week": monday(first),
            "month": first.replace(day=1),
            "year": first.replace(month=1, day=1),
        }[unit]
        return start, last  # earlier than the writing, which may be that same day
    if phrase.startswith("later this"):
        end = {
            "week": monday(last) + 6 * DAY,
            "month": last_day_of_month(last),
            "year": last.replace(month=12, day=31),
        }[unit]
        return min(first + DAY, end), end
    shift = {"last": -1, "this": 0, "next": 1}[words[-2]]
    if unit == "week":
        return monday(first) + shift * WEEK, monday(last) + shift * WEEK + 6 * DAY
    if unit == "month":
        start, end = month_start(first, shift), last_day_of_month(month_start(last, shift))
        return start, end
    if unit == "year":
        return datetime.date(first.year + shift, 1, 1), datetime.date(last.year + shift, 12, 31)
    return None
