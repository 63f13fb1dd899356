"""Synthetic records at scale, for benchmarks only: never served as data.

Every synthetic record is marked as such (slugs start with ``synthetic-``; sources
come from the outlet "Synthetic"), cites a synthetic article whose text contains
its excerpt at the stored offsets, and is written with bulk inserts from a fixed
random seed, so two runs with the same arguments give the same database.
"""

import datetime
import random
from dataclasses import dataclass
from itertools import islice

from django.db import transaction

from diplomacy import changes
from diplomacy.choices import (
    ActorKind,
    DatePrecision,
    MeetingFormat,
    MeetingKind,
    ParticipantRole,
    PublicationStatus,
    ResolutionOutcome,
    StatementKind,
    UNBody,
    VotePosition,
)
from diplomacy.dating import last_day_of_month
from diplomacy.models import (
    Actor,
    Citation,
    Meeting,
    Participation,
    Resolution,
    Source,
    Statement,
    Topic,
    Vote,
)

PREFIX = "synthetic"
SENTENCES_PER_SOURCE = 200
BATCH = 2000
COMMON_WORDS = ["ceasefire", "humanitarian", "aid", "Gaza", "talks", "minister", "civilians"]
WORDS = [
    "envoy",
    "delegation",
    "dialogue",
    "corridor",
    "hostages",
    "settlement",
    "consultation",
    "sovereignty",
    "mediation",
    "reconstruction",
    "negotiation",
    "escalation",
    "restraint",
    "partnership",
    "coordination",
    "assistance",
    "displacement",
    "protection",
    "resolution",
    "framework",
    "process",
    "region",
    "stability",
    "cooperation",
    "initiative",
    "conference",
    "statement",
    "position",
    "concern",
    "support",
    "appeal",
]
RARE_WORDS = ["zeugma", "quillwort", "obsidian", "marzipan", "fjordland"]


@dataclass(frozen=True)
class ScaleSpec:
    actors: int = 2000
    meetings: int = 100_000
    statements: int = 300_000
    resolutions: int = 3000
    years: int = 10
    seed: int = 20231120
    first_day: datetime.date = datetime.date(2015, 1, 1)


def generate_scale_data(spec: ScaleSpec) -> dict[str, int]:
    """Add synthetic actors, meetings, statements and resolutions; return how many of each."""
    rng = random.Random(spec.seed)
    with transaction.atomic():
        actors = _actors(rng, spec)
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(actors))]  # a few in very many
        states = [a for a in actors if a.kind == ActorKind.STATE]
        topics = list(Topic.objects.all())
        writer = _CitationWriter(rng)
        meetings = _meetings(rng, spec, actors, weights, topics, writer)
        _statements(rng, spec, actors, weights, meetings, topics, writer)
        _resolutions(rng, spec, states, writer)
        writer.flush()
        for model in changes.RESOURCES:  # bulk inserts: their entries in the change feed
            changes.log_published(model)
    return {
        "actors": len(actors),
        "meetings": len(meetings),
        "statements": spec.statements,
        "resolutions": spec.resolutions,
        "sources": writer.sources_written,
        "citations": writer.citations_written,
    }


def _day(rng: random.Random, spec: ScaleSpec) -> datetime.date:
    return spec.first_day + datetime.timedelta(days=rng.randrange(365 * spec.years))


def _sentence(rng: random.Random, length: int) -> str:
    words = []
    for _ in range(length):
        roll = rng.random()
        pool = COMMON_WORDS if roll < 0.25 else RARE_WORDS if roll < 0.0002 + 0.25 else WORDS
        words.append(rng.choice(pool))
    return " ".join(words).capitalize()


def _actors(rng: random.Random, spec: ScaleSpec) -> list[Actor]:
    kinds = [ActorKind.STATE] * 10 + [ActorKind.ORGANIZATION] * 15 + [ActorKind.PERSON] * 75
    rows = [
        Actor(
            slug=f"{PREFIX}-actor-{number:05d}",
            name=f"Synthetic actor {number:05d}",
            kind=rng.choice(kinds),
            country=rng.choice(["CN", "QA", "US", "EG", "SA", "JO", "IL", "PS", "RU", "FR"]),
            status=PublicationStatus.PUBLISHED,
        )
        for number in range(spec.actors)
    ]
    return Actor.objects.bulk_create(rows, batch_size=BATCH)


class _CitationWriter:
    """Collects the sentence each record cites and writes synthetic articles around them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pending: list[tuple[str, str, object]] = []  # (field, sentence, record)
        self.sources_written = 0
        self.citations_written = 0

    def cite(self, field: str, record, sentence: str) -> None:
        self.pending.append((field, sentence, record))
        if len(self.pending) >= SENTENCES_PER_SOURCE * 10:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        chunks = iter(pending)
        while chunk := list(islice(chunks, SENTENCES_PER_SOURCE)):
            self._write_source(chunk)

    def _write_source(self, chunk) -> None:
        number = self.sources_written
        parts, offsets, position = [], [], 0
        for _, sentence, _ in chunk:
            offsets.append((position, position + len(sentence)))
            parts.append(sentence)
            position += len(sentence) + 1
        text = " ".join(parts)
        published = datetime.date(2015, 1, 1) + datetime.timedelta(days=number % 3650)
        source = Source.objects.create(
            slug=f"{PREFIX}-source-{number:06d}",
            title=f"Synthetic article {number:06d}",
            outlet="Synthetic",
            date_start=published,
            date_end=published,
            date_precision=DatePrecision.DAY,
            date_note="Generated for benchmarks; not a real article.",
            sha256="0" * 64,
            text=text,
            status=PublicationStatus.PUBLISHED,
        )
        citations = [
            Citation(source=source, excerpt=sentence, start=start, end=end, **{field: record})
            for (field, sentence, record), (start, end) in zip(chunk, offsets, strict=True)
        ]
        Citation.objects.bulk_create(citations, batch_size=BATCH)
        self.sources_written += 1
        self.citations_written += len(citations)


def _meetings(rng, spec, actors, weights, topics, writer) -> list[Meeting]:
    rows = []
    for number in range(spec.meetings):
        start = _day(rng, spec)
        rows.append(
            Meeting(
                slug=f"{PREFIX}-meeting-{number:07d}",
                title=f"Synthetic meeting {number:07d}",
                kind=rng.choice(MeetingKind.values),
                format=rng.choice(MeetingFormat.values),
                date_start=start,
                date_end=start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2])),
                date_precision=DatePrecision.DAY,
                date_note="Synthetic.",
                location_country=rng.choice(["CN", "QA", "US", "EG", "SA", "JO"]),
                summary=_sentence(rng, 20),
                status=PublicationStatus.PUBLISHED,
            )
        )
    meetings = Meeting.objects.bulk_create(rows, batch_size=BATCH)
    participations, tagged = [], []
    for meeting in meetings:
        chosen = set()
        while len(chosen) < rng.randint(3, 6):
            chosen.add(rng.choices(range(len(actors)), weights)[0])
        roles = [ParticipantRole.HOST] + [ParticipantRole.GUEST] * (len(chosen) - 1)
        participations += [
            Participation(meeting=meeting, actor=actors[index], role=role)
            for index, role in zip(sorted(chosen), roles, strict=True)
        ]
        if topics:
            tagged += [
                Meeting.topics.through(meeting=meeting, topic=topic)
                for topic in rng.sample(topics, rng.randint(0, 2))
            ]
        writer.cite("meeting", meeting, f"{meeting.title} was held. {meeting.summary}.")
    Participation.objects.bulk_create(participations, batch_size=BATCH)
    Meeting.topics.through.objects.bulk_create(tagged, batch_size=BATCH)
    return meetings


def _statements(rng, spec, actors, weights, meetings, topics, writer) -> None:
    made = 0
    while made < spec.statements:
        size = min(BATCH * 5, spec.statements - made)
        rows = []
        for number in range(made, made + size):
            quote = rng.random() < 0.3
            text = _sentence(rng, rng.randint(12, 40))
            start, end, precision = _interval(rng, spec)
            rows.append(
                Statement(
                    slug=f"{PREFIX}-statement-{number:07d}",
                    speaker=actors[rng.choices(range(len(actors)), weights)[0]],
                    kind=StatementKind.QUOTE if quote else StatementKind.PARAPHRASE,
                    text=text,
                    date_start=start,
                    date_end=end,
                    date_precision=precision,
                    meeting=rng.choice(meetings) if meetings and rng.random() < 0.3 else None,
                    status=PublicationStatus.PUBLISHED,
                )
            )
        statements = Statement.objects.bulk_create(rows, batch_size=BATCH)
        for statement in statements:
            cited = (
                f"“{statement.text}”" if statement.kind == StatementKind.QUOTE else statement.text
            )
            writer.cite("statement", statement, f"{cited}, said a synthetic speaker.")
        if topics:
            Statement.topics.through.objects.bulk_create(
                [
                    Statement.topics.through(statement=statement, topic=rng.choice(topics))
                    for statement in statements
                    if rng.random() < 0.5
                ],
                batch_size=BATCH,
            )
        made += size


def _interval(rng, spec) -> tuple:
    """A day, or one time in five a whole month, as curators date what sources give."""
    day = _day(rng, spec)
    if rng.random() < 0.8:
        return day, day, DatePrecision.DAY
    return day.replace(day=1), last_day_of_month(day), DatePrecision.MONTH


def _resolutions(rng, spec, states, writer) -> None:
    rows = [
        Resolution(
            slug=f"{PREFIX}-resolution-{number:05d}",
            title=f"Synthetic resolution {number:05d}",
            body=rng.choice(UNBody.values),
            date_start=(voted := _day(rng, spec)),
            date_end=voted,
            date_precision=DatePrecision.DAY,
            outcome=rng.choice(ResolutionOutcome.values),
            summary=_sentence(rng, 25),
            status=PublicationStatus.PUBLISHED,
        )
        for number in range(spec.resolutions)
    ]
    resolutions = Resolution.objects.bulk_create(rows, batch_size=BATCH)
    votes = []
    for resolution in resolutions:
        for state in rng.sample(states, min(len(states), rng.randint(5, 15))):
            votes.append(
                Vote(resolution=resolution, actor=state, position=rng.choice(VotePosition.values))
            )
        writer.cite("resolution", resolution, f"{resolution.title}: {resolution.summary}.")
    Vote.objects.bulk_create(votes, batch_size=BATCH)
