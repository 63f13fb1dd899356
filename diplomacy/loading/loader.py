"""Write the parsed fixtures to the database: one transaction, idempotent, upserting by slug."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

from diplomacy import services
from diplomacy.changes import PublicChanges
from diplomacy.choices import Attestation, CitationRole, PublicationStatus, Tenure
from diplomacy.coverage import MarkInput, seeded_marks_replace
from diplomacy.loading.fixtures import FixtureError, FixtureRecord, parse_date, read_fixtures
from diplomacy.models import (
    Actor,
    Meeting,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
    Topic,
)
from diplomacy.services import LOADER


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_curator_edits: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept_curator_edits)} left alone"
        ]
        lines += [
            f"left alone (edited since the last load; --overwrite replaces it): {label}"
            for label in self.kept_curator_edits
        ]
        return lines


def load_seed_data(fixtures_dir: Path, seeds_dir: Path, *, overwrite: bool = False) -> LoadReport:
    """Load every fixture file; any error leaves the database as it was."""
    fixtures = read_fixtures(fixtures_dir)
    loader = _Loader(seeds_dir, overwrite)
    with transaction.atomic():
        for name, records in fixtures.items():
            if name == "actors.yaml":
                records = _affiliations_first(records)
            for record in records:
                try:
                    if name == "coverage.yaml":
                        loader.write_coverage(record)
                        continue
                    loader.load(record)
                except ValidationError as error:
                    raise record.error(_describe(error)) from None
        # One change for the feed: an entry per record, however many rows it was loaded in.
        loader.public.settle()
    return loader.report


class _Loader:
    def __init__(self, seeds_dir: Path, overwrite: bool):
        self.seeds_dir = seeds_dir
        self.overwrite = overwrite
        self.report = LoadReport()
        self.public = PublicChanges()
        self.writers = {
            "sources.yaml": (Source, self.write_source),
            "topics.yaml": (Topic, self.write_topic),
            "actors.yaml": (Actor, self.write_actor),
            "positions.yaml": (Position, self.write_position),
            "resolutions.yaml": (Resolution, self.write_resolution),
            "meetings.yaml": (Meeting, self.write_meeting),
            "statements.yaml": (Statement, self.write_statement),
            "figures.yaml": (ReportedFigure, self.write_figure),
        }

    def load(self, record: FixtureRecord) -> None:
        model, write = self.writers[record.file]
        label = f"{model._meta.model_name} {record.slug}"
        existing = model.objects.filter(slug=record.slug).first()
        former_slugs = record.data.get("former_slugs", [])
        if existing is None and former_slugs:  # loaded before under a slug it had then
            existing = model.objects.filter(slug__in=former_slugs).first()
        if record.file == "sources.yaml":
            self.check_seed_file(record, existing)
        if existing is not None:
            if existing.seed_digest == record.digest and not existing.is_edited_since_seeding:
                self.report.unchanged.append(label)
                return
            if self.is_curators(existing) and not self.overwrite:
                self.report.kept_curator_edits.append(label)
                return
        instance = existing or model(slug=record.slug, status=PublicationStatus.PUBLISHED)
        instance.slug = record.slug  # a rename, when it was loaded under a former slug
        write(record, instance)
        services.record_keep_former_slugs(instance, former_slugs)
        model.objects.filter(pk=instance.pk).update(
            seed_digest=record.digest, seeded_at=F("updated_at")
        )
        (self.report.updated if existing else self.report.created).append(label)

    def write(self, instance: models.Model, **arguments) -> None:
        services.record_write(instance, by=LOADER, public=self.public, **arguments)

    @staticmethod
    def is_curators(instance: models.Model) -> bool:
        """Created by a curator, or changed by one since the last load."""
        return not instance.seed_digest or instance.is_edited_since_seeding

    # Sources -------------------------------------------------------------

    def check_seed_file(self, record: FixtureRecord, existing: Source | None) -> None:
        path = self.seeds_dir / record.data["seed_file"]
        if not path.is_file():
            raise record.error(f"seed file {path.name} is missing from {self.seeds_dir.name}/")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != record.data["sha256"]:
            raise record.error(
                f"seed file {path.name} has sha256 {digest}, but the fixture expects "
                f"{record.data['sha256']}: the article was changed"
            )
        if existing is not None and existing.sha256 != digest:
            raise record.error(
                f"seed file {path.name} has sha256 {digest}, "
                f"but the database holds {existing.sha256}"
            )

    def write_source(self, record: FixtureRecord, source: Source) -> None:
        data = record.data
        fields = self.pick(data, "title", "outlet", "seed_file", "url")
        # The service derives sha256 from the text.
        fields["outlet_note"] = data.get("outlet_note") or ""
        fields |= self.dates(record)
        fields["text"] = (self.seeds_dir / data["seed_file"]).read_text(encoding="utf-8")
        self.write(source, fields=fields)

    # Vocabulary and actors ------------------------------------------------

    def write_topic(self, record: FixtureRecord, topic: Topic) -> None:
        fields = {"name": record.data["name"], "description": record.data.get("description") or ""}
        self.write(topic, fields=fields)

    def write_actor(self, record: FixtureRecord, actor: Actor) -> None:
        data = record.data
        fields = self.pick(data, "name", "kind", "country")
        fields["aliases"] = data.get("aliases") or []
        fields["description"] = data.get("description") or ""
        fields["affiliation"] = self.actor(record, data.get("affiliation"))
        self.write(actor, fields=fields)

    def write_position(self, record: FixtureRecord, position: Position) -> None:
        data = record.data
        fields = {
            "title": data["title"],
            "note": data.get("note") or "",
            "tenure": data.get("tenure") or Tenure.UNKNOWN,
            "ended_by": parse_date(record, "ended_by"),
            **self.dates(record),
            "actor": self.actor(record, data["actor"]),
            "organization": self.actor(record, data.get("organization")),
        }
        self.write(position, fields=fields, citations=self.citations(record))

    # Events ---------------------------------------------------------------

    def write_resolution(self, record: FixtureRecord, resolution: Resolution) -> None:
        data = record.data
        fields = self.pick(data, "symbol", "title", "body", "outcome")
        fields["summary"] = data.get("summary") or ""
        fields |= self.dates(record) | self.attestation(record)
        votes = [services.VoteInput.of(self.part(record, vote)) for vote in data.get("votes", [])]
        self.write(
            resolution,
            fields=fields,
            relations={"topics": self.topics(record, data.get("topics", []))},
            sponsors=[
                services.PartInput.of(self.part(record, item)) for item in data.get("sponsors", [])
            ],
            votes=votes,
            citations=self.citations(record),
        )

    def write_meeting(self, record: FixtureRecord, meeting: Meeting) -> None:
        data = record.data
        fields = self.pick(data, "title", "format", "location_name", "location_country")
        fields |= self.dates(record) | self.attestation(record)
        fields["kind"] = data.get("kind") or "meeting"
        fields["occurrence"] = data.get("occurrence") or "held"
        fields["trip"] = data.get("trip") or ""
        fields["summary"] = data.get("summary") or ""
        participants = [
            services.ParticipantInput.of(item | {"actor": self.actor(record, item["actor"])})
            for item in data.get("participants", [])
        ]
        self.write(
            meeting,
            fields=fields,
            relations={"topics": self.topics(record, data.get("topics", []))},
            participants=participants,
            citations=self.citations(record),
        )

    def write_statement(self, record: FixtureRecord, statement: Statement) -> None:
        data = record.data
        fields = self.pick(data, "kind", "text")
        fields |= self.dates(record) | self.attestation(record)
        fields["outlet_reading"] = data.get("outlet_reading") or ""
        fields["speaker"] = self.actor(record, data["speaker"])
        fields["meeting"] = self.related(record, Meeting, data.get("meeting"))
        fields["resolution"] = self.related(record, Resolution, data.get("resolution"))
        self.write(
            statement,
            fields=fields,
            relations={"topics": self.topics(record, data.get("topics", []))},
            audience=[
                services.PartInput.of(self.part(record, item)) for item in data.get("audience", [])
            ],
            citations=self.citations(record),
        )

    def write_figure(self, record: FixtureRecord, figure: ReportedFigure) -> None:
        data = record.data
        fields = self.pick(data, "measure", "qualifier", "value")
        fields["summary"] = data.get("summary") or ""
        fields |= self.dates(record) | self.attestation(record)
        self.write(figure, fields=fields, citations=self.citations(record))

    # Coverage -------------------------------------------------------------

    def write_coverage(self, record: FixtureRecord) -> None:
        source = self.related(record, Source, record.slug)
        marks = [
            MarkInput(item["excerpt"], item["mark"], item["reason"], item.get("occurrence"))
            for item in record.data["marks"]
        ]
        seeded_marks_replace(source, marks)

    # Helpers ----------------------------------------------------------------

    @staticmethod
    def pick(data: dict, *keys: str) -> dict:
        return {key: data.get(key) for key in keys}

    @staticmethod
    def dates(record: FixtureRecord) -> dict:
        return {
            "date_start": parse_date(record, "date_start"),
            "date_end": parse_date(record, "date_end"),
            "date_precision": record.data["date_precision"],
            "date_note": record.data.get("date_note") or "",
        }

    def attestation(self, record: FixtureRecord) -> dict:
        return {
            "attestation": record.data.get("attestation") or Attestation.REPORTED,
            "attestation_note": record.data.get("attestation_note") or "",
            "claimed_by": self.actor(record, record.data.get("claimed_by")),
        }

    def citations(self, record: FixtureRecord) -> list[services.CitationInput]:
        return [
            services.CitationInput(
                self.related(record, Source, item["source"]),
                item["excerpt"],
                item.get("occurrence"),
                item.get("attribution") or "",
                self.actor(record, item.get("attributed_to")),
                item.get("role") or CitationRole.SUPPORT,
            )
            for item in record.data["citations"]
        ]

    def related(self, record: FixtureRecord, model: type[models.Model], slug: str | None):
        if slug is None:
            return None
        found = model.objects.filter(slug=slug).first()
        if found is None:
            raise record.error(f"unknown {model._meta.verbose_name} {slug!r}")
        return found

    def actor(self, record: FixtureRecord, slug: str | None) -> Actor | None:
        return self.related(record, Actor, slug)

    def part(self, record: FixtureRecord, item: str | dict) -> dict:
        """An actor's part as a fixture gives it: a slug (named), or a mapping."""
        item = {"actor": item} if isinstance(item, str) else item
        return item | {"actor": self.actor(record, item["actor"])}

    def actors(self, record: FixtureRecord, slugs: list[str]) -> list[Actor]:
        return [self.actor(record, slug) for slug in slugs]

    def topics(self, record: FixtureRecord, slugs: list[str]) -> list[Topic]:
        return [self.related(record, Topic, slug) for slug in slugs]


def _affiliations_first(records: list[FixtureRecord]) -> list[FixtureRecord]:
    """Order actors so that each one's affiliation is written before it."""
    by_slug = {record.slug: record for record in records}

    def depth(record: FixtureRecord, seen: frozenset = frozenset()) -> int:
        parent = by_slug.get(record.data.get("affiliation"))
        if parent is None or parent.slug in seen:
            return 0
        return 1 + depth(parent, seen | {record.slug})

    return sorted(records, key=depth)


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


__all__ = ["FixtureError", "LoadReport", "load_seed_data"]
