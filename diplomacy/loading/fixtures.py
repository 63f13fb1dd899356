"""Read fixture files into plain records, checking their shape; no database access here."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml


class FixtureError(Exception):
    """A fixture problem, worded so that a curator can find and fix it."""

    def __init__(self, file: str, slug: str | None, message: str):
        self.file, self.slug, self.message = file, slug, message
        where = f"{file}: {slug!r}" if slug else file
        super().__init__(f"{where}: {message}")


DATED = {"date_precision"}, {"date_start", "date_end", "date_note"}
ATTESTED = {"attestation", "attestation_note", "claimed_by"}

# Each file, in load order, with its required and optional keys.
FILES = {
    "sources.yaml": (
        {"slug", "seed_file", "sha256", "date_start", "date_end", "date_precision", "date_note"},
        {"title", "outlet", "outlet_note", "url"},
    ),
    "topics.yaml": ({"slug", "name"}, {"description"}),
    "actors.yaml": ({"slug", "name", "kind"}, {"aliases", "country", "affiliation", "description"}),
    "positions.yaml": (
        {"slug", "actor", "title", "citations", "date_precision"},
        {"organization", "date_start", "date_end", "date_note", "note", "tenure", "ended_by"},
    ),
    "resolutions.yaml": (
        {"slug", "title", "body", "outcome", "citations", *DATED[0]},
        {"symbol", "sponsors", "votes", "summary", "topics", *DATED[1], *ATTESTED},
    ),
    "meetings.yaml": (
        {"slug", "title", "format", "date_note", "citations", *DATED[0]},
        {
            "kind",
            "occurrence",
            "location_name",
            "location_country",
            "trip",
            "summary",
            "topics",
            "participants",
            *DATED[1],
            *ATTESTED,
        },
    ),
    "statements.yaml": (
        {"slug", "speaker", "kind", "text", "citations", *DATED[0]},
        {"meeting", "resolution", "audience", "topics", "outlet_reading", *DATED[1], *ATTESTED},
    ),
    "figures.yaml": (
        {"slug", "measure", "qualifier", "value", "citations", *DATED[0], "date_note"},
        {"summary", *DATED[1], *ATTESTED},
    ),
    # Per source: the spans no record cites, each marked with a reason.
    "coverage.yaml": ({"slug", "marks"}, set()),
}

# A record renamed since it was loaded lists its slugs before: loaded again, it is renamed
# (its old slugs redirect) instead of being loaded twice.
RENAMES = {name: {"former_slugs"} for name in FILES if name != "coverage.yaml"}
CITATION_KEYS = ({"source", "excerpt"}, {"occurrence", "attribution", "attributed_to", "role"})
MARK_KEYS = ({"excerpt", "mark", "reason"}, {"occurrence"})
PART_KEYS = (
    {"actor"},
    {"identification", "identification_note", "attestation", "attestation_note"},
)
PARTICIPANT_KEYS = (
    {"actor", "role"},
    {"title", "identification", "identification_note", "attestation", "attestation_note"},
)


@dataclass(frozen=True)
class FixtureRecord:
    file: str
    slug: str
    data: dict

    @property
    def digest(self) -> str:
        canonical = json.dumps(self.data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def error(self, message: str) -> FixtureError:
        return FixtureError(self.file, self.slug, message)


def read_fixtures(directory: Path) -> dict[str, list[FixtureRecord]]:
    """Every fixture file of the directory, parsed and shape-checked, in load order."""
    return {name: read_file(directory / name) for name in FILES}


def read_file(path: Path) -> list[FixtureRecord]:
    name = path.name
    if not path.exists():
        raise FixtureError(name, None, "the file is missing")
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise FixtureError(name, None, f"not valid YAML: {error}") from None
    if not isinstance(items, list):
        raise FixtureError(name, None, "the file must hold a list of records")
    required, optional = FILES[name]
    records, seen = [], set()
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("slug"):
            raise FixtureError(name, None, f"record {index} is not a mapping with a slug")
        slug = str(item["slug"])
        _check_keys(name, slug, item, required, optional | RENAMES.get(name, set()))
        if slug in seen:
            raise FixtureError(name, slug, "the slug is used twice")
        seen.add(slug)
        for citation in item.get("citations", []):
            if not isinstance(citation, dict):
                raise FixtureError(name, slug, "each citation must be a mapping")
            _check_keys(name, slug, citation, *CITATION_KEYS)
        for participant in item.get("participants", []):
            if not isinstance(participant, dict):
                raise FixtureError(name, slug, "each participant must be a mapping")
            _check_keys(name, slug, participant, *PARTICIPANT_KEYS)
        for key in ("audience", "sponsors"):
            for member in item.get(key, []):
                if isinstance(member, dict):
                    _check_keys(name, slug, member, *PART_KEYS)
                elif not isinstance(member, str):
                    raise FixtureError(name, slug, f"each of {key} is a slug or a mapping")
        for vote in item.get("votes", []):
            if not isinstance(vote, dict):
                raise FixtureError(name, slug, "each vote must be a mapping")
            _check_keys(name, slug, vote, {"actor", "position"}, PART_KEYS[1])
        for mark in item.get("marks", []):
            if not isinstance(mark, dict):
                raise FixtureError(name, slug, "each mark must be a mapping")
            _check_keys(name, slug, mark, *MARK_KEYS)
        records.append(FixtureRecord(name, slug, _normalise(item)))
    return records


def parse_date(record: FixtureRecord, key: str) -> datetime.date | None:
    value = record.data.get(key)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise record.error(f"{key} {value!r} is not a date (YYYY-MM-DD)") from None


def _check_keys(name: str, slug: str, item: dict, required: set, optional: set) -> None:
    missing = required - item.keys()
    unknown = item.keys() - required - optional
    if missing:
        raise FixtureError(name, slug, f"missing {', '.join(sorted(missing))}")
    if unknown:
        raise FixtureError(name, slug, f"unknown key(s) {', '.join(sorted(unknown))}")


def _normalise(value):
    """Dates become ISO strings so that digests do not depend on how YAML typed them."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
