"""What the review screen shows of an article taken in: its text cut at every proposal's
words, each proposal in a line an editor reads at a glance, the actors it names to pick
from, the sentences nothing cites, and the records accepted so far as the public API
will show them once published."""

import datetime
import functools
import itertools
import re

import orjson
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from diplomacy import coverage
from diplomacy.choices import FigureMeasure, FigureQualifier
from diplomacy.models import Actor
from diplomacy.projection import Context, read_rows
from diplomacy.shapes import RESOURCES
from diplomacy.visibility import Visibility
from intake.models import Intake, Proposal, ProposalKind, ProposalStatus
from intake.services import MAY_ACCEPT, intake_records, meeting_for

# The kinds of proposal whose records cite their words.
CITING = {
    ProposalKind.MEETING,
    ProposalKind.STATEMENT,
    ProposalKind.FIGURE,
    ProposalKind.RESOLUTION,
    ProposalKind.POSITION,
}
# Decisions are taken in this order: what a record shows before the record.
DECIDING_ORDER = [
    ProposalKind.SOURCE,
    ProposalKind.ACTOR,
    ProposalKind.POSITION,
    ProposalKind.MEETING,
    ProposalKind.RESOLUTION,
    ProposalKind.STATEMENT,
    ProposalKind.FIGURE,
]
REJECT_REASONS = [
    "Not what the words say",
    "The same as another proposal",
    "Not a diplomatic event or statement",
    "Background: no record needed",
    "Already in the record",
]
# The reason a mark is given when the editor writes none: what the mark means.
MARK_REASONS = {
    "headline": "The headline: it restates what the records hold.",
    "dateline": "The dateline: it dates the article, and the source holds that date.",
    "caption": "A caption: it describes a photograph.",
    "boilerplate": "Site furniture: no news in it.",
    "background": "Background the records do not need.",
    "commentary": "The outlet's own analysis, not a fact or statement to record.",
}


class Review:
    GROUPS = [
        (ProposalKind.SOURCE, "The article"),
        (ProposalKind.ACTOR, "Actors"),
        (ProposalKind.POSITION, "Posts held"),
        (ProposalKind.MEETING, "Meetings, calls and visits"),
        (ProposalKind.STATEMENT, "Statements"),
        (ProposalKind.FIGURE, "Figures"),
        (ProposalKind.RESOLUTION, "Resolutions"),
    ]

    def __init__(self, intake: Intake, user, root: str):
        self.intake, self.user, self.root = intake, user, root
        self.source = intake.source
        self.refresh()

    def refresh(self) -> None:
        self.proposals = list(self.intake.proposals.order_by("start", "id"))
        self.__dict__.pop("names", None)

    # The actors the article names.

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Every known actor's name the proposals refer to, by slug: one query."""
        slugs = set()
        for proposal in self.proposals:
            for reference in _references(proposal.data):
                if reference.get("actor"):
                    slugs.add(reference["actor"])
        return dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "name"))

    def name_of(self, reference: dict | None) -> str:
        if not reference:
            return "nobody found"
        if reference.get("actor"):
            return self.names.get(reference["actor"], reference["actor"])
        return reference.get("name", "")

    @property
    def actor_choices(self) -> list[tuple[str, str]]:
        """The article's actors to pick a speaker or participant from: known ones by name,
        new ones marked new."""
        found = {}
        for proposal in self.proposals:
            if proposal.status == ProposalStatus.REJECTED:
                continue
            for reference in _references(proposal.data):
                if reference.get("actor"):
                    found.setdefault(f"a:{reference['actor']}", self.name_of(reference))
                elif reference.get("name"):
                    found.setdefault(f"n:{reference['name']}", f"{reference['name']} (new)")
        return sorted(found.items(), key=lambda item: item[1].lower())

    def candidates(self, proposal: Proposal) -> list[Actor]:
        """Actors the record knows that a new name may be: sharing a long word with it."""
        words = [w for w in re.findall(r"[\w’'-]{4,}", proposal.data.get("name", ""))]
        if not words:
            return []
        query = Q()
        for word in words:
            query |= Q(name__icontains=word)
        return list(Actor.objects.filter(query).order_by("name")[:4])

    # Meetings, for what was said at them.

    @property
    def meeting_choices(self) -> list[tuple[str, str]]:
        return [
            (f"m:{p.pk}", p.data.get("title") or f"meeting {p.pk}")
            for p in self.proposals
            if p.kind == ProposalKind.MEETING and p.status != ProposalStatus.REJECTED
        ]

    def meeting_of(self, statement: Proposal) -> str:
        """The meeting proposal the statement was made at, as accepting it will read it."""
        meetings = [
            p
            for p in self.proposals
            if p.kind == ProposalKind.MEETING and p.status != ProposalStatus.REJECTED
        ]
        found = meeting_for(statement, meetings)
        return f"m:{found.pk}" if found else ""

    def meeting_slug(self, choice: str) -> str | None:
        if not choice:
            return None
        meeting = Proposal.objects.filter(pk=int(choice[2:]), intake=self.intake).first()
        if meeting is None or meeting.status != ProposalStatus.ACCEPTED:
            raise ValidationError({"meeting": "Accept that meeting first, or choose none."})
        return meeting.record_slug

    # How each proposal reads.

    def summary(self, proposal: Proposal) -> str:
        data = proposal.data
        when = _when(data)
        if proposal.kind == ProposalKind.SOURCE:
            return f"Title: {data['title']}" if data.get("title") else f"Published {when}"
        if proposal.kind == ProposalKind.ACTOR:
            if data.get("actor"):
                return f"{data.get('name')}: in the record"
            title = f", {data['title']}" if data.get("title") else ""
            return f"{data.get('name')}: a new {data.get('actor_kind')}{title}"
        if proposal.kind == ProposalKind.POSITION:
            return f"{self.name_of(data.get('holder'))}: {data.get('title')}"
        if proposal.kind == ProposalKind.MEETING:
            return (
                f"{data.get('title')} · {data.get('occurrence')} · "
                f"{data.get('format', '').replace('_', ' ')} · {when}"
            )
        if proposal.kind == ProposalKind.STATEMENT:
            words = data.get("text", "")
            meeting = self.meeting_of(proposal)
            if meeting and not data.get("date_start"):
                titles = dict(self.meeting_choices)
                when = f"at {titles.get(meeting, 'its meeting')}, on its days"
            return f"{self.name_of(data.get('speaker'))}, {data.get('mode')}: “{words}” · {when}"
        if proposal.kind == ProposalKind.FIGURE:
            qualifier = dict(FigureQualifier.choices).get(data.get("qualifier"), "")
            measure = dict(FigureMeasure.choices).get(
                data.get("measure"), "what it counts: not said"
            )
            value = data.get("value")
            shown = f"{value:,}" if isinstance(value, int) else str(value)
            return f"{qualifier} {shown} · {measure} · {when}".strip()
        if proposal.kind == ProposalKind.RESOLUTION:
            return f"{data.get('title')} · {data.get('outcome') or 'outcome not said'} · {when}"
        return ""

    @functools.cached_property
    def record_keys(self) -> dict[tuple[str, str], int]:
        """The keys of the records accepted proposals wrote: one query for each kind."""
        wanted: dict[str, set[str]] = {}
        for p in self.proposals:
            if p.status == ProposalStatus.ACCEPTED and p.record_slug:
                wanted.setdefault(p.kind, set()).add(p.record_slug)
        found = {}
        for kind, slugs in wanted.items():
            rows = MAY_ACCEPT[kind].objects.filter(slug__in=slugs).values_list("slug", "pk")
            found |= {(kind, slug): pk for slug, pk in rows}
        return found

    def record_url(self, proposal: Proposal) -> str:
        key = self.record_keys.get((proposal.kind, proposal.record_slug))
        if proposal.status != ProposalStatus.ACCEPTED or key is None:
            return ""
        model = MAY_ACCEPT[proposal.kind]
        try:
            return reverse(f"admin:diplomacy_{model._meta.model_name}_change", args=[key])
        except NoReverseMatch:
            return ""

    # The text, and what of it no record needs.

    def segments(self) -> list[tuple[str, int, list[Proposal]]]:
        """The text cut at every proposal's words: each piece, its offset, and the
        proposals whose words it is."""
        text = self.source.text
        spans = [
            (start, end, p)
            for p in self.proposals
            for start, end in [(p.start, p.end), *map(tuple, p.data.get("also", []))]
            if p.status != ProposalStatus.REJECTED
        ]
        cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        pieces = []
        for start, end in itertools.pairwise(cuts):
            covering = [p for s, e, p in spans if s < end and start < e]
            pieces.append((text[start:end], start, list(dict.fromkeys(covering))))
        return pieces

    @functools.cached_property
    def coverage(self) -> coverage.SourceCoverage:
        return coverage.source_coverage(self.source)

    def marks(self) -> list[dict]:
        """Each sentence no record cites and no mark explains, with a suggested mark: the
        first line without a full stop is the headline; a line that is only the dateline
        or publication date is the dateline."""
        dated = next(
            (p for p in self.proposals if p.kind == ProposalKind.SOURCE and "date_start" in p.data),
            None,
        )
        pending = [
            (start, end)
            for p in self.proposals
            if p.kind in CITING and p.status != ProposalStatus.REJECTED
            for start, end in [(p.start, p.end), *map(tuple, p.data.get("also", []))]
        ]
        found = []
        for number, sentence in enumerate(self.coverage.unmarked):
            if any(start < sentence.end and sentence.start < end for start, end in pending):
                continue  # its record, once accepted, cites it
            suggested = ""
            line_start = self.source.text.rfind("\n", 0, sentence.start) + 1
            line_end = self.source.text.find("\n", sentence.end)
            line = self.source.text[line_start : line_end if line_end >= 0 else None].strip()
            if number == 0 and line == sentence.text and not line.endswith((".", "?", "!")):
                suggested = "headline"
            elif (
                dated
                and sentence.start <= dated.start < sentence.end
                and len(sentence.text) <= len(dated.excerpt) + 40
            ):
                suggested = "dateline"  # the date, and little else
            found.append({"sentence": sentence, "suggested": suggested})
        return found

    # The records accepted, as the public will see them.

    def preview(self) -> list[dict]:
        """Each record written from the article, rendered by its public shape (drafts
        shown as they will be once published), with its status now."""
        visibility = Visibility.for_user(self.user)
        context = Context(visibility=visibility, zone=datetime.UTC, root=self.root)
        shapes = {shape.model: shape for shape in RESOURCES.values()}
        records = [r for r in intake_records(self.intake) if type(r) in shapes]
        rows = {}
        for model in {type(r) for r in records}:  # one read for each kind
            slugs = [r.slug for r in records if type(r) is model]
            found = read_rows(shapes[model], slugs, context, "default", by="slug", detail=True)
            rows |= {(model, row["slug"]): row for row in found}
        shown = []
        for record in records:
            shape, row = shapes[type(record)], rows.get((type(record), record.slug))
            if row is None:
                continue
            rendered = shape.render(row, context, detail=True)
            if type(record).__name__ == "Source":
                rendered["text"] = f"({len(record.text):,} characters)"
            shown.append(
                {
                    "record": record,
                    "kind": record._meta.verbose_name,
                    "status": record.status,
                    "json": orjson.dumps(rendered, option=orjson.OPT_INDENT_2).decode(),
                }
            )
        return shown


def _references(data: dict):
    for key in ("speaker", "holder", "organization"):
        if isinstance(data.get(key), dict):
            yield data[key]
    for key in ("participants", "sponsors", "votes"):
        for item in data.get(key) or []:
            if isinstance(item, dict):
                yield item
    if data.get("actor") or (data.get("name") and "actor_kind" in data):
        yield {"actor": data.get("actor"), "name": data.get("name")}


def _when(data: dict) -> str:
    start, end = data.get("date_start"), data.get("date_end")
    if not start:
        return "date not known"
    days = start if start == end else f"{start} to {end}"
    return f"{days} ({data.get('date_precision')})"
