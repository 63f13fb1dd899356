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
import re
import time

import trafilatura
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify

from diplomacy import services
from diplomacy.changes import PublicChanges, resource_of
from diplomacy.choices import Identification, PublicationStatus
from diplomacy.models import (
    Actor,
    FormerSlug,
    Meeting,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
)
from diplomacy.validation import ROUTE_NAMES, excerpt_names, precision_for, with_line_feeds
from intake.dates import Dated
from intake.models import Intake, Proposal, ProposalKind, ProposalStatus
from intake.reading import KnownActor, Reader

# What the intake reads at most: a long article, not a book.
MAX_TEXT = 100_000
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
    if CONTROL.search(text):
        raise ValidationError({"text": "Null and other control characters are not allowed."})
    if not text.strip():
        raise ValidationError({"text": "Give the article's text, or its HTML."})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"At most {MAX_TEXT:,} characters."})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing is not None:
        raise AlreadyTaken(existing)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    source = Source(
        slug=_free_slug(Source, title or metadata.get("title") or first_line[:80]), text=text
    )
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
    """A slug from the words, within the field's length, that no record of the kind has
    (nor had) and no route takes ("feed", "facets")."""
    longest = model._meta.get_field("slug").max_length - 4  # room for "-2", "-10"
    base = slugify(words)[:longest].strip("-") or model._meta.model_name
    if base in ROUTE_NAMES:
        base = f"{base}-{model._meta.model_name}"
    slug, number = base, 1
    while (
        model._default_manager.filter(slug=slug).exists()
        or FormerSlug.objects.filter(resource=resource_of(model), slug=slug).exists()
    ):
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
    corrections = _checked(dict(corrections))
    _move_excerpt(proposal, corrections)
    data = {**proposal.data, **corrections}
    if {"date_start", "date_end", "date_precision"} & set(data):
        # The interval as it will be written: the precision its days give.
        dated = _dates(data)
        data.update(
            date_start=_iso(dated["date_start"]),
            date_end=_iso(dated["date_end"]),
            date_precision=dated["date_precision"],
            date_note=dated["date_note"],
        )
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


# What a correction may hold, by key: its fields' kinds, checked before anything reads them.
TEXT_FIELDS = {
    "slug", "title", "text", "mode", "name", "actor_kind", "meeting_kind", "format",
    "occurrence", "date_note", "measure", "qualifier", "outcome", "body", "symbol", "tenure",
    "attribution", "country", "description", "note",
}  # fmt: skip
NULLABLE_TEXT = {"date_start", "date_end", "date_precision", "meeting", "actor", "organization"}
REFERENCES = {"speaker", "holder"}
LISTS = {"participants", "sponsors", "votes"}
WHOLE_NUMBERS = {"start", "end", "value"}


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _checked(corrections: dict) -> dict:
    """The corrections, each of the kind its field takes; a refusal names the field."""
    for key, value in corrections.items():
        if CONTROL.search(str(value)):
            raise ValidationError({key: "Null and other control characters are not allowed."})
        if key in TEXT_FIELDS:
            ok = isinstance(value, str)
        elif key in NULLABLE_TEXT:
            ok = (
                value is None
                or isinstance(value, str)
                or (key == "organization" and _is_reference(value))
            )
        elif key in REFERENCES:
            ok = _is_reference(value)
        elif key in LISTS:
            ok = isinstance(value, list) and all(
                (isinstance(item, str) and key != "votes")
                or (
                    isinstance(item, dict)
                    and _is_reference(item)
                    and all(isinstance(item.get(k, ""), str | None) for k in ("role", "title"))
                    and (key != "votes" or isinstance(item.get("position"), str))
                )
                for item in value
            )
        elif key in WHOLE_NUMBERS:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            raise ValidationError({key: "Not a field a correction may set."})
        if not ok:
            raise ValidationError({key: "Not a value this field takes."})
    for key in REFERENCES & set(corrections):  # a slug given alone: the actor it names
        if isinstance(corrections[key], str):
            corrections[key] = {"actor": corrections[key]}
    for key in LISTS & set(corrections):
        corrections[key] = [
            {"actor": item} if isinstance(item, str) else item for item in corrections[key]
        ]
    return corrections


def _is_reference(value) -> bool:
    """An actor given as a slug, {"actor": slug} or {"name": ...}."""
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and (isinstance(value.get("actor"), str) or isinstance(value.get("name"), str))
        and all(isinstance(v, str | None) for v in value.values())
    )


def _move_excerpt(proposal: Proposal, corrections: dict) -> None:
    """An editor's own choice of words in the text (``start`` and ``end``, code points):
    the proposal's excerpt becomes them."""
    if "start" not in corrections and "end" not in corrections:
        return
    text = proposal.intake.source.text
    try:
        start = int(corrections.pop("start", proposal.start))
        end = int(corrections.pop("end", proposal.end))
    except (TypeError, ValueError):
        raise ValidationError({"start": "Give the excerpt's offsets as whole numbers."}) from None
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise ValidationError({"start": "The excerpt must be words of the article."})
    proposal.start, proposal.end, proposal.excerpt = start, end, text[start:end]


def _write(instance, by, note: str = "", **arguments) -> None:
    public = PublicChanges()
    services.record_write(instance, by=by, public=public, note=note, **arguments)
    public.settle()


def _dates(data: dict) -> dict:
    """The interval, its precision worked out from its days when not given."""
    start, end = _day(data.get("date_start"), "date_start"), _day(data.get("date_end"), "date_end")
    given = data.get("date_precision")
    if given == "unknown" and start and end:
        given = None  # days given in a correction: their precision, not the old "unknown"
    return {
        "date_start": start,
        "date_end": end,
        "date_precision": precision_for(start, end, given) or "unknown",
        "date_note": data.get("date_note") or "",
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _day(value, what: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({what: "Give a day as YYYY-MM-DD."}) from None


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


def _actor(reference, what: str, proposal: Proposal | None = None, by=None) -> Actor:
    """An actor a proposal names: by slug; by a name the record does not know yet, the
    actor its article's own actor proposal of that name writes (accepted with it, when it
    is still proposed), else it must be corrected to a slug."""
    slug = reference if isinstance(reference, str) else (reference or {}).get("actor")
    if not slug:
        name = (reference or {}).get("name", "")
        slug = _new_actor(proposal, name, by) if proposal is not None and name else None
    if not slug:
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


def _new_actor(proposal: Proposal, name: str, by) -> str | None:
    """The actor the article's proposal of this new name writes, accepting it now when it
    is still proposed; None when it was rejected or there is none."""
    named = Proposal.objects.filter(
        intake=proposal.intake, kind=ProposalKind.ACTOR, data__name=name
    ).first()  # accepted as new, or as an actor the record had: the one it became
    if named is None or named.status == ProposalStatus.REJECTED:
        return None
    if named.status == ProposalStatus.PROPOSED:
        named = proposal_accept(named, corrections={}, by=by)
    return named.record_slug


def _accept_source(proposal, data, source, by) -> str:
    """The article's publication date or its title, whichever the proposal holds; a new
    date re-dates what is still undecided."""
    fields = _dates(data) if "date_precision" in data or data.get("date_start") else {}
    if data.get("title"):
        fields["title"] = data["title"].strip()
    # A source an editor published meanwhile is corrected by the review: its note says so.
    note = "Title or publication date given on review of the article's intake."
    if fields.get("date_start"):
        _write(source, by, note=note, fields=fields)
        _redate(proposal.intake)
        return source.slug
    _write(source, by, note=note, fields=fields)
    return source.slug


def _redate(intake: Intake) -> None:
    """The undecided proposals dated again against the publication date the source now
    has: "on Monday" read against the day an editor gave, not against none."""
    source = intake.source
    if source.date_precision == "unknown" or not source.date_start:
        return
    published = Dated(
        source.date_start,
        source.date_end,
        source.date_precision,
        source.date_note,
        evidence="curator",
    )
    fresh = {(p.kind, p.start, p.end): p for p in reader().read(source.text, published)}
    undecided = intake.proposals.filter(status=ProposalStatus.PROPOSED).exclude(
        kind__in=[ProposalKind.SOURCE, ProposalKind.ACTOR, ProposalKind.POSITION]
    )
    for proposal in undecided:
        found = fresh.get((proposal.kind, proposal.start, proposal.end))
        if found is None or "date_precision" not in found.data:
            continue
        for key in ("date_start", "date_end", "date_precision", "date_note"):
            proposal.data[key] = found.data.get(key)
        proposal.save(update_fields=["data"])


def _accept_actor(proposal, data, source, by) -> str:
    if data.get("actor"):
        return data["actor"]  # a known actor: nothing to write
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": "Give the actor's name."})
    same = Actor.objects.filter(name__iexact=name).values_list("slug", flat=True).first()
    if same and not data.get("slug"):
        return same  # written since the article was read (by another article, say)
    actor = Actor(slug=data.get("slug") or _free_slug(Actor, name))
    data["wrote"] = True  # the article's own: published with it
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
        actor = _actor(item, f"participants.{number}", proposal, by)
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
    speaker = _actor(data.get("speaker"), "speaker", proposal, by)
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
    meeting = _meeting_of(proposal, data)
    if meeting is not None:
        fields["meeting"] = meeting
        if fields["date_precision"] == "unknown":
            # Said at the meeting its sentence reports: the meeting's days.
            fields.update(
                date_start=meeting.date_start,
                date_end=meeting.date_end,
                date_precision=meeting.date_precision,
                date_note=f"As its meeting ({meeting.slug}): {meeting.date_note}".strip(),
            )
    _write(statement, by, fields=fields, citations=_citations(proposal, data, source))
    return statement.slug


def _meeting_of(proposal: Proposal, data: dict) -> Meeting | None:
    """The meeting a statement was made at: given as a correction (``meeting``, a slug,
    or null for none), else the one accepted from the same sentence of the article."""
    if "meeting" in data:
        if not data["meeting"]:
            return None
        found = Meeting.objects.filter(slug=data["meeting"]).first()
        if found is None:
            raise ValidationError({"meeting": f"No meeting {data['meeting']}."})
        return found
    accepted = Proposal.objects.filter(
        intake=proposal.intake, kind=ProposalKind.MEETING, status=ProposalStatus.ACCEPTED
    )
    meeting = meeting_for(proposal, list(accepted))
    return Meeting.objects.filter(slug=meeting.record_slug).first() if meeting else None


# "Wang said after the talks": a statement's words pointing back at a meeting.
THE_MEETING = re.compile(
    r"\b(?:the|that|this) (?:talks|meeting|call|phone call|visit|conversation|summit)\b", re.I
)


def meeting_for(statement: Proposal, meetings: list[Proposal]) -> Proposal | None:
    """The meeting proposal a statement was made at: the one whose words hold its sentence,
    else, when its sentence says "the talks" or "the call" outside the quoted words, the
    last one before it."""
    for meeting in meetings:
        spans = [(meeting.start, meeting.end), *map(tuple, meeting.data.get("also", []))]
        if any(start <= statement.start < end for start, end in spans):
            return meeting
    said = statement.excerpt.replace(statement.data.get("text", ""), " ")
    if THE_MEETING.search(said):
        before = [m for m in meetings if m.start < statement.start]
        return max(before, key=lambda m: m.start) if before else None
    return None


def _accept_figure(proposal, data, source, by) -> str:
    if not data.get("measure"):
        raise ValidationError({"measure": "Say what the figure counts (one of the measures)."})
    if not isinstance(data.get("value"), int) or isinstance(data.get("value"), bool):
        raise ValidationError({"value": "Give the figure as a whole number."})
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
    holder = _actor(data.get("holder"), "holder", proposal, by)
    organization = (
        _actor(data["organization"], "organization", proposal, by)
        if data.get("organization")
        else None
    )
    title = (data.get("title") or "").strip()
    words = " ".join(c.excerpt for c in _citations(proposal, data, source))
    if not excerpt_names(words, [holder.name, *(holder.aliases or [])]):
        raise ValidationError({"holder": f"The excerpt does not name {holder.name}."})
    held = Position.objects.filter(actor=holder, title__iexact=title).first()
    if held is not None and not data.get("slug"):
        # The record knows the post: this article is one more citation of it; of a
        # published post, once the article is published too.
        if held.status == PublicationStatus.PUBLISHED and source.status != held.status:
            data["cite_on_publish"] = True
        else:
            _cite_too(held, proposal, data, source, by)
        return held.slug
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


def _cite_too(record, proposal: Proposal, data: dict, source: Source, by) -> None:
    """Adds the proposal's words to the citations ``record`` has; of a published record,
    a correction whose note names the source."""
    kept = [
        services.CitationInput(
            c.source,
            c.excerpt,
            c.source.text[: c.start].count(c.excerpt) + 1,
            c.attribution,
            c.attributed_to,
            c.role,
        )
        for c in record.citations.select_related("source", "attributed_to")
    ]
    note = f"Cited again by {source.title or source.slug}."[: services.MAX_NOTE]
    _write(record, by, note=note, fields={}, citations=[*kept, *_citations(proposal, data, source)])


def _accept_resolution(proposal, data, source, by) -> str:
    excerpts = " ".join(c.excerpt for c in _citations(proposal, data, source))

    def part(item, what: str) -> dict:
        actor = _actor(item, what, proposal, by)
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


# The article's records, together.


def intake_records(intake: Intake) -> list:
    """The draft or published records the article's accepted proposals wrote, the source
    first, in the order they depend on each other (actors, then what shows them)."""
    records = [intake.source]
    order = [
        ProposalKind.ACTOR,
        ProposalKind.POSITION,
        ProposalKind.MEETING,
        ProposalKind.RESOLUTION,
        ProposalKind.STATEMENT,
        ProposalKind.FIGURE,
    ]
    accepted = intake.proposals.filter(status=ProposalStatus.ACCEPTED).exclude(record_slug="")
    for kind in order:
        # An actor the record had (found, or named by a correction) is not the article's to
        # publish; nor a post it is one more citation of.
        slugs = [
            p.record_slug
            for p in accepted
            if p.kind == kind
            and (p.data.get("wrote") if kind == ProposalKind.ACTOR else True)
            and not p.data.get("cite_on_publish")
        ]
        found = {r.slug: r for r in MAY_ACCEPT[kind].objects.filter(slug__in=slugs)}
        for slug in dict.fromkeys(slugs):
            if slug in found and found[slug] not in records:
                records.append(found[slug])
    return records


@transaction.atomic
def intake_publish(intake: Intake, *, by) -> list:
    """Publishes the article: its source, every record its accepted proposals wrote and the
    drafts they show (new actors), all or nothing, under the publish-together rule; answers
    the records it published. A refusal names the record it stopped at."""
    if intake.proposals.filter(status=ProposalStatus.PROPOSED).exists():
        raise ValidationError(
            "Some proposals are still undecided: accept or reject each one first."
        )
    records = intake_records(intake)
    retracted = [record for record in records if record.status == PublicationStatus.RETRACTED]
    if retracted:
        # Publishing an article never takes back an editor's retraction.
        raise ValidationError(
            f"Retracted since accepted: {services.describe_records(retracted)}. Republish it "
            "on its own if that is meant, or reject what names it."
        )
    public = PublicChanges()
    published = []
    for record in records:
        if record.status == PublicationStatus.PUBLISHED:
            continue
        published.append(record)
        try:
            # Only the article's own records: one showing another draft is refused, naming it.
            services.record_set_status(record, PublicationStatus.PUBLISHED, by=by, public=public)
        except ValidationError as refusal:
            reasons = " ".join(" ".join(m) for m in _messages(refusal))
            raise ValidationError(f"{record._meta.verbose_name} {record.slug}: {reasons}") from None
    # Published records the article is one more source for: cited now it is published.
    for proposal in intake.proposals.filter(status=ProposalStatus.ACCEPTED):
        if proposal.data.pop("cite_on_publish", False):
            record = MAY_ACCEPT[proposal.kind].objects.get(slug=proposal.record_slug)
            _cite_too(record, proposal, proposal.data, intake.source, by)
            proposal.save(update_fields=["data"])
    public.settle()
    return published


def _messages(refusal: ValidationError) -> list[list[str]]:
    if hasattr(refusal, "error_dict"):
        return list(refusal.message_dict.values())
    return [refusal.messages]
