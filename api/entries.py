"""How a record reads as an entry of its resource's Atom feed: a title and a summary, written
from the record as the API shows it."""

from django.utils.text import Truncator

from diplomacy.choices import FigureMeasure, FigureQualifier, Occurrence


def lines(*texts) -> str:
    return "\n".join(text for text in texts if text)


def when(record: dict) -> str:
    return f"Date: {record['date'] or 'unknown'}."


def names(actors: list) -> str:
    return ", ".join(actor["name"] for actor in actors if actor)


def meeting_title(record: dict) -> str:
    return record["title"]


def meeting_summary(record: dict) -> str:
    location = ", ".join(filter(None, record["location"].values()))
    participants = names([participant["actor"] for participant in record["participants"]])
    return lines(
        when(record),
        "Planned (reported before it happened)."
        if record["occurrence"] == Occurrence.PLANNED
        else "",
        location and f"Location: {location}.",
        participants and f"Participants: {participants}.",
        record["summary"],
    )


def statement_title(record: dict) -> str:
    speaker = record["speaker"]["name"] if record["speaker"] else "A speaker not on record"
    return f"{speaker} ({record['kind']}): {Truncator(record['text']).chars(80)}"


def statement_summary(record: dict) -> str:
    return lines(when(record), record["text"])


def resolution_title(record: dict) -> str:
    return f"{record['symbol']}: {record['title']}" if record["symbol"] else record["title"]


def resolution_summary(record: dict) -> str:
    return lines(when(record), f"Outcome: {record['outcome']}.", record["summary"])


def figure_title(record: dict) -> str:
    measure = FigureMeasure(record["measure"]).label
    qualifier = FigureQualifier(record["qualifier"]).label.lower()
    return f"{measure}: {qualifier} {record['value']:,}"


def figure_summary(record: dict) -> str:
    return lines(when(record), record["summary"])


def source_title(record: dict) -> str:
    return record["title"] or record["slug"]  # an article without a headline


def source_summary(record: dict) -> str:
    return lines(
        f"Published: {record['date'] or 'date unknown'}.",
        record["outlet"] and f"Outlet: {record['outlet']}.",
    )


def name_title(record: dict) -> str:
    return record["name"]


def description_summary(record: dict) -> str:
    return record["description"]
