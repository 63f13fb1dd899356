"""What of a source no record cites: its sentences, each cited, marked with a reason, or neither."""

import functools
import itertools
from dataclasses import dataclass, field

import pysbd
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from diplomacy.models import CITING_FIELDS, Citation, CoverageNote, Source
from diplomacy.validation import locate_excerpt


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Sentence(Span):
    text: str


@dataclass(frozen=True)
class CitedSpan(Span):
    record: object  # the curated record that cites the span


@dataclass(frozen=True)
class MarkedSpan(Span):
    mark: str
    reason: str


@dataclass
class SourceCoverage:
    source: Source
    sentences: list[Sentence]
    cited: list[CitedSpan]
    marked: list[MarkedSpan]
    uncited: list[Sentence] = field(init=False)
    unmarked: list[Sentence] = field(init=False)

    def __post_init__(self):
        self.uncited = [s for s in self.sentences if not any(s.overlaps(c) for c in self.cited)]
        self.unmarked = [s for s in self.uncited if not any(s.overlaps(m) for m in self.marked)]

    def uncited_marks(self) -> list[tuple[Sentence, list[MarkedSpan]]]:
        """Each sentence no record cites, with the marks that explain it (none: a gap)."""
        return [(s, [m for m in self.marked if s.overlaps(m)]) for s in self.uncited]

    @property
    def complete(self) -> bool:
        """Every sentence is cited by a record or marked with a reason."""
        return not self.unmarked

    def segments(self) -> list[tuple[str, list[CitedSpan]]]:
        """The text cut at every citation's bounds, each piece with the citations covering it."""
        cuts = sorted(
            {0, len(self.source.text)} | {c.start for c in self.cited} | {c.end for c in self.cited}
        )
        pieces = []
        for start, end in itertools.pairwise(cuts):
            piece = Span(start, end)
            pieces.append(
                (self.source.text[start:end], [c for c in self.cited if c.overlaps(piece)])
            )
        return pieces


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str) -> list[Sentence]:
    """The sentences of each line of ``text``, with their offsets, surrounding spaces left out."""
    found, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            for segment in _segmenter().segment(line):
                words = line[segment.start : segment.end]
                start = offset + segment.start + (len(words) - len(words.lstrip()))
                stripped = words.strip()
                if stripped:
                    found.append(Sentence(start, start + len(stripped), stripped))
        offset += len(line)
    return found


def source_coverage(source: Source) -> SourceCoverage:
    citations = Citation.objects.filter(source=source).select_related(*CITING_FIELDS)
    cited = [
        CitedSpan(
            c.start, c.end, next(getattr(c, name) for name in CITING_FIELDS if getattr(c, name))
        )
        for c in citations
    ]
    marked = [MarkedSpan(n.start, n.end, n.mark, n.reason) for n in source.coverage_notes.all()]
    return SourceCoverage(source, sentences(source.text), cited, marked)


def _cited_record(citation: Citation):
    return next(getattr(citation, name) for name in CITING_FIELDS if getattr(citation, name))


@dataclass(frozen=True)
class MarkInput:
    excerpt: str
    mark: str
    reason: str
    occurrence: int | None = None


@transaction.atomic
def seeded_marks_replace(source: Source, marks: list[MarkInput]) -> None:
    """Replace the marks the loader wrote before; marks a curator added or edited stay.

    Marks that are already as given are left alone, so that loading twice writes nothing.
    """
    rows = []
    for mark in marks:
        start, end = locate_excerpt(source.text, mark.excerpt, mark.occurrence)
        note = CoverageNote(
            source=source,
            excerpt=mark.excerpt,
            start=start,
            end=end,
            mark=mark.mark,
            reason=mark.reason,
            seeded=True,
        )
        note.full_clean(exclude=["source"])
        rows.append(note)
    stored = source.coverage_notes.filter(seeded=True)
    if sorted(map(_mark_key, stored)) == sorted(map(_mark_key, rows)):
        return
    stored.delete()
    bulk_create_with_history(rows, CoverageNote)


def _mark_key(note: CoverageNote) -> tuple:
    return (note.start, note.end, note.excerpt, note.mark, note.reason)


@transaction.atomic
def mark_add(source: Source, start: int, end: int, mark: str, reason: str) -> CoverageNote:
    """A curator's mark on words of ``source`` that need no record, with the reason."""
    if not (0 <= start < end <= len(source.text)):
        raise ValidationError("The marked words must be words of the source.")
    note = CoverageNote(
        source=source,
        excerpt=source.text[start:end],
        start=start,
        end=end,
        mark=mark,
        reason=reason.strip(),
        seeded=False,
    )
    note.full_clean(exclude=["source"])
    note.save()
    return note
