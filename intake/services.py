"""Taking an article in, and an editor's decisions on what the rules propose from it.

``intake_article`` writes a draft source (through ``diplomacy.services``, so its text is
kept as every source's is: line breaks as LF, the digest of that text) and the proposals
the rules read in it; the same text twice is a conflict naming the source it already is.
``proposal_accept`` writes the draft record a proposal describes, with the editor's
corrections, through ``diplomacy.services.record_write`` under the rules every write
meets; ``proposal_reject`` keeps why. Nothing here publishes: an editor publishes the
drafts as any others.
"""

import datetime
import hashlib
import time

import trafilatura
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify

from diplomacy import services
from diplomacy.changes import PublicChanges
from diplomacy.choices import Identification
from diplomacy.models import (
    Actor,
    Meeting,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
)
from diplomacy.validation import excerpt_names, with_line_feeds
from intake.dates import Dated
from intake.models import Intake, Proposal, ProposalKind, ProposalStatus
from intake.reading import KnownActor, Reader

# What the intake reads at most: a long article, not a book.
MAX_TEXT = 200_000
MAX_HTML = 2_000_000


class AlreadyTaken(Exception):
    """The same text (its SHA-256) is a source already."""

    def __init__(self, source: Source):
        self.source = source
        super().__init__(
            f"This text is the source {source.slug} already (the same SHA-256); "
            "its proposals are there."
        )


# The reader of the actor table as it last stood: its matchers cost more to build than an
# article costs to read, so it is kept while the table is unchanged.
_READER: dict[tuple, Reader] = {}


def reader() -> Reader:
    """A reader whose gazetteer is the actor table now (one query to see if it changed)."""
    state = Actor.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
    key = (state["count"], state["last"])
    if key not in _READER:
        _READER.clear()
        _READER[key] = Reader(gazetteer())
    return _READER[key]


def gazetteer() -> list[KnownActor]:
    """Every actor the record knows, by name and alias: drafts too, since only curators
    see proposals."""
    rows = Actor.objects.values_list("slug", "name", "kind", "aliases")
    return [
        KnownActor(slug, name, kind, tuple([name, *(aliases or [])]))
        for slug, name, kind, aliases in rows
    ]


def text_of_html(html: str) -> tuple[str, dict]:
    """The main text of an HTML page and what its own metadata says (trafilatura)."""
    if len(html) > MAX_HTML:
        raise ValidationError({"html": f"At most {MAX_HTML:,} characters."})
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True
        )
        found = trafilatura.extract_metadata(html)
    except Exception:  # a page its parser cannot read is the client's to fix
        raise ValidationError({"html": "This HTML could not be read."}) from None
    if not text:
        raise ValidationError({"html": "No article text was found in this HTML."})
    metadata = {}
    if found is not None:
        for key in ("title", "date", "sitename", "author", "url"):
            value = getattr(found, key, None)
            if value:
                metadata[key] = str(value)
    return text, metadata


@transaction.atomic
def intake_article(
    *,
    by,
    text: str = "",
    html: str = "",
    title: str = "",
    article_url: str = "",
    published: Dated | None = None,
) -> Intake:
    """A draft source of the article, and the proposals its words bear."""
    metadata, given = {}, "text"
    if html:
        text, metadata = text_of_html(html)
        given = "html"
    text = with_line_feeds(text)
    if not text.strip():
        raise ValidationError({"text": "Give the article's text, or its HTML."})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"At most {MAX_TEXT:,} characters."})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing is not None:
        raise AlreadyTaken(existing)
    source = Source(slug=_free_slug(Source, title or metadata.get("title") or text[:80]), text=text)
    fields = {"date_precision": "unknown", "date_note": "", "title": None}
    if published is not None and published.start:
        fields.update(
            date_start=published.start,
            date_end=published.end,
            date_precision=published.precision,
            date_note=published.note or "Given by the curator.",
        )
    public = PublicChanges()
    services.record_write(source, by=by, fields=fields, public=public)
    public.settle()
    if published is None and metadata.get("date"):
        published = _metadata_date(metadata["date"])
    began = time.perf_counter()
    found = reader().read(source.text, published)
    seconds = time.perf_counter() - began
    intake = Intake.objects.create(
        source=source,
        supplied_title=title,
        supplied_url=article_url,
        supplied_format=given,
        metadata=metadata,
        created_by=by if getattr(by, "pk", None) else None,
        seconds=seconds,
    )
    Proposal.objects.bulk_create(
        Proposal(
            intake=intake,
            kind=item.kind,
            excerpt=source.text[item.start : item.end],
            start=item.start,
            end=item.end,
            why=item.why[:300],
            confidence=round(item.confidence, 2),
            data=item.data,
        )
        for item in found
        if source.text[item.start : item.end].strip()  # an anchor is never empty
    )
    return intake


def _metadata_date(value: str) -> Dated | None:
    """The day an HTML page's metadata gives (trafilatura reads it as YYYY-MM-DD)."""
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    note = f"The page's HTML metadata gives {day.isoformat()}; the text itself gives no date."
    return Dated(day, day, "day", note, evidence="metadata")


def _free_slug(model, words: str) -> str:
    base = slugify(words)[:100].strip("-") or model._meta.model_name
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# Decisions.

MAY_ACCEPT = {
    ProposalKind.SOURCE: Source,
    ProposalKind.ACTOR: Actor,
    ProposalKind.MEETING: Meeting,
    ProposalKind.STATEMENT: Statement,
    ProposalKind.FIGURE: ReportedFigure,
    ProposalKind.POSITION: Position,
    ProposalKind.RESOLUTION: Resolution,
}


def _check_undecided(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError({"status": f"This proposal was {proposal.status} already."})


@transaction.atomic
def proposal_reject(proposal: Proposal, *, reason: str, by) -> Proposal:
    _check_undecided(proposal)
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is rejected: the next reader learns from it."})
    proposal.status, proposal.reason = ProposalStatus.REJECTED, reason
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_accept(proposal: Proposal, *, corrections: dict, by) -> Proposal:
    """The draft record the proposal describes, as corrected, written under every rule."""
    proposal = (
        Proposal.objects.select_for_update().select_related("intake__source").get(pk=proposal.pk)
    )
    _check_undecided(proposal)
    model = MAY_ACCEPT.get(proposal.kind)
    if model is None:
        raise ValidationError(
            {"kind": f"A {proposal.kind} proposal is not accepted here yet; write it by hand."}
        )
    if by is not None and not by.has_perm(
        f"diplomacy.{'change' if model is Source else 'add'}_{model._meta.model_name}"
    ):
        raise PermissionDenied(f"Accepting it writes a {model._meta.verbose_name}: you may not.")
    data = {**proposal.data, **corrections}
    source = proposal.intake.source
    writer = {
        ProposalKind.SOURCE: _accept_source,
        ProposalKind.ACTOR: _accept_actor,
        ProposalKind.MEETING: _accept_meeting,
        ProposalKind.STATEMENT: _accept_statement,
        ProposalKind.FIGURE: _accept_figure,
        ProposalKind.POSITION: _accept_position,
        ProposalKind.RESOLUTION: _accept_resolution,
    }[proposal.kind]
    slug = writer(proposal, data, source, by)
    proposal.status, proposal.record_slug = ProposalStatus.ACCEPTED, slug
    proposal.data = data
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save()
    return proposal


def _write(instance, by, **arguments) -> None:
    public = PublicChanges()
    services.record_write(instance, by=by, public=public, **arguments)
    public.settle()


def _dates(data: dict) -> dict:
    return {
        "date_start": data.get("date_start"),
        "date_end": data.get("date_end"),
        "date_precision": data.get("date_precision") or "unknown",
        "date_note": data.get("date_note") or "",
    }


def _citations(proposal: Proposal, data: dict, source: Source) -> list:
    spans = [(proposal.start, proposal.end), *[tuple(span) for span in data.get("also", [])]]
    return [
        services.CitationInput(
            source,
            source.text[start:end],
            occurrence=source.text[:start].count(source.text[start:end]) + 1,
            attribution=data.get("attribution", "")
            if (start, end) == (proposal.start, proposal.end)
            else "",
        )
        for start, end in spans
    ]


def _actor(reference, what: str) -> Actor:
    """An actor a proposal names: by slug; a name the record does not know yet must be
    accepted as an actor first (its actor proposal), or corrected to a slug."""
    slug = reference if isinstance(reference, str) else (reference or {}).get("actor")
    if not slug:
        name = (reference or {}).get("name", "")
        raise ValidationError(
            {
                what: f"{name or 'This actor'} is not an actor of the record yet: accept its actor "
                "proposal first, or give the slug of an actor it is."
            }
        )
    actor = Actor.objects.filter(slug=slug).first()
    if actor is None:
        raise ValidationError({what: f"No actor {slug}."})
    return actor


def _accept_source(proposal, data, source, by) -> str:
    fields = _dates(data)
    if "title" in data:
        fields["title"] = data["title"]
    _write(source, by, fields=fields)
    return source.slug


def _accept_actor(proposal, data, source, by) -> str:
    if data.get("actor"):
        return data["actor"]  # a known actor: nothing to write
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": "Give the actor's name."})
    actor = Actor(slug=data.get("slug") or _free_slug(Actor, name))
    fields = {
        "name": name,
        "kind": data.get("actor_kind") or "person",
        "description": data.get("description", ""),
        "country": data.get("country") or "",
    }
    _write(actor, by, fields=fields)
    return actor.slug


def _accept_meeting(proposal, data, source, by) -> str:
    excerpts = [c.excerpt for c in _citations(proposal, data, source)]
    participants = []
    for number, item in enumerate(data.get("participants", [])):
        actor = _actor(item, f"participants.{number}")
        named = excerpt_names(" ".join(excerpts), [actor.name, *(actor.aliases or [])])
        participants.append(
            services.ParticipantInput(
                actor,
                item.get("role") or "participant",
                item.get("title") or None,
                Identification.NAMED if named else Identification.INFERRED,
                "" if named else "Proposed by the intake; the excerpt does not name this actor.",
            )
        )
    meeting = Meeting(slug=data.get("slug") or _free_slug(Meeting, data.get("title") or "meeting"))
    fields = {
        "title": data.get("title") or "Meeting",
        "kind": data.get("meeting_kind") or "meeting",
        "format": data.get("format") or "unspecified",
        "occurrence": data.get("occurrence") or "held",
        **_dates(data),
    }
    _write(
        meeting,
        by,
        fields=fields,
        participants=participants,
        citations=_citations(proposal, data, source),
    )
    return meeting.slug


def _accept_statement(proposal, data, source, by) -> str:
    speaker = _actor(data.get("speaker"), "speaker")
    statement = Statement(
        slug=data.get("slug")
        or _free_slug(Statement, f"{speaker.slug} {data.get('text', '')[:50]}")
    )
    fields = {
        "speaker": speaker,
        "kind": data.get("mode") or "paraphrase",
        "text": data.get("text") or "",
        **_dates(data),
    }
    _write(statement, by, fields=fields, citations=_citations(proposal, data, source))
    return statement.slug


def _accept_figure(proposal, data, source, by) -> str:
    if not data.get("measure"):
        raise ValidationError({"measure": "Say what the figure counts (one of the measures)."})
    figure = ReportedFigure(
        slug=data.get("slug")
        or _free_slug(ReportedFigure, f"{data['measure']} {data.get('value')}")
    )
    fields = {
        "measure": data["measure"],
        "qualifier": data.get("qualifier") or "exact",
        "value": data.get("value"),
        **_dates(data),
    }
    _write(figure, by, fields=fields, citations=_citations(proposal, data, source))
    return figure.slug


def _accept_position(proposal, data, source, by) -> str:
    holder = _actor(data.get("holder"), "holder")
    organization = (
        _actor(data["organization"], "organization") if data.get("organization") else None
    )
    title = (data.get("title") or "").strip()
    position = Position(slug=data.get("slug") or _free_slug(Position, f"{holder.slug} {title}"))
    fields = {
        "actor": holder,
        "title": title,
        "organization": organization,
        "tenure": data.get("tenure") or "held",
        **_dates(data),
    }
    fields["note"] = data.get("note") or "Proposed by the intake from the title the article gives."
    _write(position, by, fields=fields, citations=_citations(proposal, data, source))
    return position.slug


def _accept_resolution(proposal, data, source, by) -> str:
    excerpts = " ".join(c.excerpt for c in _citations(proposal, data, source))

    def part(item, what: str) -> dict:
        actor = _actor(item, what)
        named = excerpt_names(excerpts, [actor.name, *(actor.aliases or [])])
        return {
            "actor": actor,
            "identification": Identification.NAMED if named else Identification.INFERRED,
            "identification_note": ""
            if named
            else "Proposed by the intake; the excerpt does not name this actor.",
        }

    sponsors = [
        services.PartInput.of(part(item, f"sponsors.{n}"))
        for n, item in enumerate(data.get("sponsors", []))
    ]
    votes = [
        services.VoteInput.of({**part(item, f"votes.{n}"), "position": item["position"]})
        for n, item in enumerate(data.get("votes", []))
    ]
    if not data.get("outcome"):
        raise ValidationError({"outcome": "Say how it ended: adopted, vetoed, failed or pending."})
    title = data.get("title") or "Resolution"
    resolution = Resolution(slug=data.get("slug") or _free_slug(Resolution, title))
    fields = {
        "title": title,
        "body": data.get("body") or "unsc",
        "outcome": data["outcome"],
        "symbol": data.get("symbol") or None,
        **_dates(data),
    }
    _write(
        resolution,
        by,
        fields=fields,
        sponsors=sponsors,
        votes=votes,
        citations=_citations(proposal, data, source),
    )
    return resolution.slug
