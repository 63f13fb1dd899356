"""How the record reads in sentences: dates as intervals, on whose word, and labels.

Every phrase is written from what the API shows (``diplomacy.shapes``), never from the
database: a page says what the data says, no more."""

import datetime

from diplomacy.choices import (
    ActorKind,
    Attestation,
    FigureMeasure,
    FigureQualifier,
    MeetingFormat,
    MeetingKind,
    ParticipantRole,
    ResolutionOutcome,
    StatementKind,
    UNBody,
    VotePosition,
)
from diplomacy.dating import last_day_of_month

LABELS = {
    "actor_kind": ActorKind,
    "attestation": Attestation,
    "body": UNBody,
    "format": MeetingFormat,
    "kind": MeetingKind,
    "measure": FigureMeasure,
    "outcome": ResolutionOutcome,
    "qualifier": FigureQualifier,
    "role": ParticipantRole,
    "statement_kind": StatementKind,
    "vote": VotePosition,
}


def label(choices: str, value) -> str:
    """The reader's word for a stored choice (``in_person`` is "In person")."""
    if value in (None, ""):
        return ""
    try:
        return str(LABELS[choices](value).label)
    except ValueError:
        return str(value)


def day(value: datetime.date, year: bool = True, month: bool = True) -> str:
    text = str(value.day)
    if month:
        text += f" {value:%B}"
    if year:
        text += f" {value.year}"
    return text


def as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def interval(start, end) -> str:
    """The days of a record as a reader says them: "20 November 2023", "October 2023",
    "2023", "between 9 and 30 October 2023"; an open end is "on or after" / "by"."""
    start, end = as_date(start), as_date(end)
    if start is None and end is None:
        return "Date not known"
    if start is None:
        return f"On or before {day(end)}"
    if end is None:
        return f"On or after {day(start)}"
    if start == end:
        return day(start)
    if start.day == 1 and end == last_day_of_month(start):
        return f"{start:%B %Y}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year != end.year:
        return f"Between {day(start)} and {day(end)}"
    if start.month != end.month:
        return f"Between {day(start, year=False)} and {day(end)}"
    return f"Between {day(start, year=False, month=False)} and {day(end)}"


def is_range(start, end) -> bool:
    """Whether the record's days are uncertain or long: more than one day."""
    return start is not None and end is not None and as_date(start) != as_date(end)


def on_whose_word(record: dict, names: dict[str, str]) -> str:
    """The record's attestation as a sentence: "Claimed by the Hamas government media
    office", "Confirmed by both sides or by independent sources"."""
    attestation = record.get("attestation")
    if attestation == Attestation.CLAIMED:
        claimant = record.get("claimed_by")
        return f"Claimed by {names.get(claimant, claimant) if claimant else 'one party'}"
    if attestation == Attestation.CONFIRMED:
        return "Confirmed by both sides or by independent sources"
    return "As the articles cited below report it"


def figure_value(record: dict) -> str:
    qualifier = label("qualifier", record["qualifier"]).lower()
    value = f"{record['value']:,}"
    return value if qualifier in ("", "exactly") else f"{qualifier} {value}"


def said(kind: str, text: str, speaker: str | None = None) -> str:
    """A statement in a line: a quote in quotation marks, after its speaker when named; a
    paraphrase as the article's words."""
    if kind == StatementKind.QUOTE:
        return f"{speaker}: “{text}”" if speaker else f"“{text}”"
    return text


def names(all_names: list[str], shown: int = 8) -> str:
    """Names in a line, the first ``shown`` of them, then how many more."""
    if len(all_names) <= shown:
        return ", ".join(all_names)
    return ", ".join(all_names[:shown]) + f" and {len(all_names) - shown} more"
