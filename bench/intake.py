"""How well the article intake's rules read articles, scored against gold.

    .venv/bin/python bench/intake.py [--misses]

Two sets:

(a) leave-one-out on the five seed articles, the fixtures as gold: each article is read
    with a gazetteer holding only the actors of records citing the other four, so its
    own new names must be found as new actors;
(b) the short news items of ``bench/intake_gold/``, whose gold was written before the
    rules and is not changed after them; read with the fixtures' actors as gazetteer;
(c) the same for ``bench/intake_fresh/``, items and gold written later by someone who had
    read neither the rules nor their misses: a check on rules tuned on (a) and (b).

Each article is read from its text alone (no publication date given by a curator), as
the intake reads what a curator pastes; (a') reads the seeds again with their
publication interval given, as a curator who knows it gives it. It prints, per set:
quotes found with the right speaker; meetings found with at least two participants
right (all of them when the gold has fewer); proposal precision (proposals that a gold
record of their kind, or the article's actors, bears out); proposed date intervals that
contain the gold one and are at most one precision step wider; excerpts not verbatim in
the text; time per article.
"""

import datetime
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")

from intake.dates import Dated  # noqa: E402
from intake.places import CAPITALS  # noqa: E402
from intake.reading import KnownActor, Reader  # noqa: E402

FIXTURES, SEEDS = ROOT / "fixtures", ROOT / "seeds"
GOLD, FRESH = ROOT / "bench" / "intake_gold", ROOT / "bench" / "intake_fresh"
STEPS = ["day", "week", "month", "year"]
SHOW_MISSES = "--misses" in sys.argv
TARGETS = {"quotes": 0.90, "meetings": 0.80, "precision": 0.70, "dates": 0.90}


def load(name: str) -> list[dict]:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8")) or []


def folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        text = text.replace(a, b)
    return " ".join(text.lower().split()).strip(" ,.;:")


def day(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


class Gold:
    """One article's gold records: each with its kind, its spans in the text, and what a
    proposal must get right."""

    def __init__(self, text: str, publication: tuple, actors: dict[str, tuple[str, ...]]):
        self.text = text
        self.publication = publication  # (start, end, precision)
        self.actors = actors  # slug or name -> the names it goes by
        self.records: list[dict] = []

    def add(self, kind: str, spans: list[tuple[int, int]], **fields) -> None:
        self.records.append({"kind": kind, "spans": spans, **fields})


def span_of(text: str, excerpt: str, occurrence: int | None = None) -> tuple[int, int] | None:
    found, start = [], text.find(excerpt)
    while start >= 0:
        found.append(start)
        start = text.find(excerpt, start + 1)
    if not found:
        return None
    start = found[(occurrence or 1) - 1] if occurrence and occurrence <= len(found) else found[0]
    return start, start + len(excerpt)


# (a) The seeds, with the fixtures as gold.


def seed_golds() -> list[tuple[str, Gold, list[KnownActor]]]:
    sources = {item["slug"]: item for item in load("sources.yaml")}
    texts = {
        slug: (SEEDS / item["seed_file"]).read_text(encoding="utf-8")
        for slug, item in sources.items()
    }
    actors = {item["slug"]: item for item in load("actors.yaml")}
    names = {slug: tuple([item["name"], *item.get("aliases", [])]) for slug, item in actors.items()}
    records = {
        name: load(f"{name}.yaml")
        for name in ("meetings", "statements", "figures", "positions", "resolutions")
    }
    involved: dict[str, set[str]] = {slug: set() for slug in sources}

    def actors_of(record: dict) -> set[str]:
        found = set()
        for key in ("speaker", "actor", "claimed_by"):
            if isinstance(record.get(key), str):
                found.add(record[key])
        for key in ("participants", "audience", "sponsors", "votes"):
            for item in record.get(key) or []:
                found.add(item if isinstance(item, str) else item["actor"])
        for citation in record.get("citations", []):
            if citation.get("attributed_to"):
                found.add(citation["attributed_to"])
        return found

    for items in records.values():
        for record in items:
            for citation in record.get("citations", []):
                involved[citation["source"]] |= actors_of(record)
    golds = []
    for slug, source in sources.items():
        text = texts[slug]
        publication = (day(source["date_start"]), day(source["date_end"]), source["date_precision"])
        gold = Gold(
            text, publication, {actor: names[actor] for actor in involved[slug] if actor in names}
        )
        for kind, items in (
            ("meeting", records["meetings"]),
            ("statement", records["statements"]),
            ("figure", records["figures"]),
            ("position", records["positions"]),
            ("resolution", records["resolutions"]),
        ):
            for record in items:
                cited = [c for c in record["citations"] if c["source"] == slug]
                if not cited:
                    continue
                spans = [span_of(text, c["excerpt"], c.get("occurrence")) for c in cited]
                support = [c.get("role", "support") == "support" for c in cited]
                fields = {
                    "slug": record["slug"],
                    "support": any(support),
                    "dates": (
                        day(record.get("date_start")),
                        day(record.get("date_end")),
                        record["date_precision"],
                    ),
                }
                if kind == "meeting":
                    fields["participants"] = {
                        p["actor"] if isinstance(p, dict) else p
                        for p in record.get("participants", [])
                    }
                if kind == "statement":
                    fields["mode"] = record["kind"]
                    fields["text"] = record["text"]
                    fields["speaker"] = record["speaker"]
                gold.add(kind, [s for s in spans if s], **fields)
        others = set().union(*(involved[other] for other in sources if other != slug))
        gazetteer = [
            KnownActor(actor, actors[actor]["name"], actors[actor]["kind"], names[actor])
            for actor in sorted(others)
            if actor in actors
        ]
        golds.append((slug, gold, gazetteer))
    return golds


# (b) The short items, whose gold names actors as the text does.


def item_golds(folder: Path = GOLD) -> list[tuple[str, Gold, list[KnownActor]]]:
    if not (folder / "gold.yaml").exists():
        return []
    actors = load("actors.yaml")
    gazetteer = [
        KnownActor(
            item["slug"],
            item["name"],
            item["kind"],
            tuple([item["name"], *item.get("aliases", [])]),
        )
        for item in actors
    ]
    known = {
        name: item["slug"] for item in actors for name in [item["name"], *item.get("aliases", [])]
    }
    golds = []
    for entry in yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8")):
        text = (folder / entry["file"]).read_text(encoding="utf-8")
        pub = entry.get("publication") or {}
        publication = (
            day(pub.get("date_start")),
            day(pub.get("date_end")),
            pub.get("date_precision", "unknown"),
        )
        names = {}
        for actor in entry.get("actors", []):
            key = known.get(actor["name"], actor["name"])
            names[key] = tuple({actor["name"], *(n for n, s in known.items() if s == key)})
        gold = Gold(text, publication, names)

        def key_of(name: str) -> str:
            return known.get(name, name)

        for quote in entry.get("quotes", []):
            spans = [span_of(text, quote["text"])]
            gold.add(
                "statement",
                [s for s in spans if s],
                slug=quote["text"][:30],
                support=True,
                dates=(None, None, "unknown"),
                mode="quote",
                text=quote["text"],
                speaker=key_of(quote["speaker"]),
            )
        for number, meeting in enumerate(entry.get("meetings", [])):
            participants = {key_of(name) for name in meeting.get("participants", [])}
            spans = _sentences_naming(text, [names.get(p, (p,)) for p in participants])
            gold.add(
                "meeting",
                spans,
                slug=f"meeting-{number}",
                support=True,
                dates=(
                    day(meeting.get("date_start")),
                    day(meeting.get("date_end")),
                    meeting.get("date_precision", "unknown"),
                ),
                participants=participants,
            )
        for figure in entry.get("figures", []):
            value = figure["value"]
            spans = [s for s in (_number_sentence(text, value),) if s]
            gold.add(
                "figure", spans, slug=f"figure-{value}", support=True, dates=(None, None, "unknown")
            )
        golds.append((entry["file"], gold, gazetteer))
    return golds


# A sentence ends at a full stop before a capital, not after an initial ("U.S. Secretary").
SENTENCE_END = re.compile(r"(?<!\b[A-Z])\.\s+(?=[A-Z“\"])|\n+")


def _sentences_naming(text: str, parties: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The sentences of ``text`` naming two of the ``parties`` (each by any of its names, a
    person's first or last name, a state's capital): where a meeting's gold is told; when
    none names two ("He is due in Cairo"), those naming one."""
    capitals = {code: city for city, code in CAPITALS.items()}
    variants = [
        {n for name in names for n in (name, name.split()[0], name.split()[-1]) if len(n) > 3}
        | {capitals[STATE_CODES[name]] for name in names if STATE_CODES.get(name) in capitals}
        for names in parties
    ]
    found: dict[int, list[tuple[int, int]]] = {1: [], 2: []}
    start = 0
    for end in [m.start() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        part = text[start:end]
        named = min(2, sum(1 for names in variants if any(n in part for n in names)))
        if named:
            found[named].append((start, end))
        start = end + 1
    return found[min(2, len(parties))] or found[1]


def _number_sentence(text: str, value: int) -> tuple[int, int] | None:
    for form in (f"{value:,}", str(value)):
        at = text.find(form)
        if at >= 0:
            first = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
            last = min(
                [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0] or [len(text)]
            )
            return first, last + 1
    return None


# Scoring.


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def same_actor(proposed: dict | None, gold: str, gold_actors: dict) -> bool:
    if not proposed:
        return False
    if proposed.get("actor"):
        if proposed["actor"] == gold or gold in KNOWN_NAMES:
            return proposed["actor"] == gold
        # The gold names someone new whom the record knows by a longer name: "Faisal bin
        # Farhan", who is Faisal bin Farhan Al Saud.
        proposed = {"name": KNOWN_NAMES.get(proposed["actor"], ("",))[0]}
    names = gold_actors.get(gold, (gold,))
    name = proposed.get("name", "")
    return any(name == n or name in n or n in name for n in names if len(n) > 3)


# Every state of the fixtures, by its names: its ISO 3166 code.
STATE_CODES = {
    name: item["country"]
    for item in yaml.safe_load((FIXTURES / "actors.yaml").read_text(encoding="utf-8"))
    if item["kind"] == "state" and item.get("country")
    for name in (item["name"], *item.get("aliases", []))
}
# Every actor of the fixtures, by slug: its names.
KNOWN_NAMES = {
    item["slug"]: (item["name"], *item.get("aliases", []))
    for item in yaml.safe_load((FIXTURES / "actors.yaml").read_text(encoding="utf-8"))
}


def interval_fits(proposed: dict, gold: tuple) -> bool | None:
    """None when either side has no interval; else whether the proposal contains the gold
    interval and is at most one precision step wider."""
    start, end, precision = (
        day(proposed.get("date_start")),
        day(proposed.get("date_end")),
        proposed.get("date_precision"),
    )
    if start is None or end is None or gold[0] is None or gold[1] is None:
        return None
    if not (start <= gold[0] and gold[1] <= end):
        return False
    return STEPS.index(precision) <= STEPS.index(gold[2]) + 1 if gold[2] in STEPS else True


def score(golds, given: bool = False) -> dict:
    """``given``: each article read with its publication interval given, as a curator who
    knows it gives it to the intake (the gold's)."""
    tally = Counter()
    seconds = []
    for name, gold, gazetteer in golds:
        reader = Reader(gazetteer)
        began = time.perf_counter()
        published = None
        if given and gold.publication[0]:
            start, end, precision = gold.publication
            published = Dated(start, end, precision, "Given by the curator.", evidence="curator")
        proposals = reader.read(gold.text, published)
        seconds.append(time.perf_counter() - began)
        records = gold.records
        for proposal in proposals:
            excerpt = gold.text[proposal.start : proposal.end]
            tally["excerpts"] += 1
            if not excerpt.strip():
                tally["not verbatim"] += 1
        # Recall.
        for record in records:
            if (
                record["kind"] == "statement"
                and record["mode"] == "quote"
                and folded(record["text"]) in folded(gold.text)  # quoted in this article
            ):
                tally["gold quotes"] += 1
                hit = any(
                    p.kind == "statement"
                    and p.data["mode"] == "quote"
                    and (
                        folded(p.data["text"]) in folded(record["text"])
                        or folded(record["text"]) in folded(p.data["text"])
                    )
                    and same_actor(p.data.get("speaker"), record["speaker"], gold.actors)
                    for p in proposals
                )
                tally["quotes found"] += hit
                if not hit and SHOW_MISSES:
                    print(f"  missed quote ({name}): {record['speaker']}: {record['text'][:70]}")
            if record["kind"] == "meeting" and record["support"]:
                tally["gold meetings"] += 1
                need = min(2, len(record["participants"]))
                hit = any(
                    p.kind == "meeting"
                    and (
                        overlaps((p.start, p.end), record["spans"])
                        or any(overlaps(tuple(a), record["spans"]) for a in p.data.get("also", []))
                    )
                    and sum(
                        any(
                            same_actor(part, gold_actor, gold.actors)
                            for part in p.data["participants"]
                        )
                        for gold_actor in record["participants"]
                    )
                    >= need
                    for p in proposals
                )
                tally["meetings found"] += hit
                if not hit and SHOW_MISSES:
                    print(
                        f"  missed meeting ({name}): {record['slug']} "
                        f"{sorted(record['participants'])}"
                    )
        # Precision, and dates.
        for p in proposals:
            tally[f"proposed {p.kind}"] += 1
            if p.kind == "actor":
                right = any(same_actor(p.data, actor, gold.actors) for actor in gold.actors)
            elif p.kind == "position" and not any(r["kind"] == "position" for r in records):
                # Items whose gold lists no posts: right when the holder is one of its actors.
                holder = p.data["holder"]
                right = any(same_actor(holder, actor, gold.actors) for actor in gold.actors)
            elif p.kind == "source":
                right = (
                    interval_fits(p.data, gold.publication) is not False
                    and gold.publication[0] is not None
                )
                fit = interval_fits(p.data, gold.publication)
                if fit is not None:
                    tally["intervals"] += 1
                    tally["intervals fit"] += fit
            else:
                matches = [
                    r
                    for r in records
                    if r["kind"] == p.kind and overlaps((p.start, p.end), r["spans"])
                ]
                right = bool(matches)
                fits = [interval_fits(p.data, r["dates"]) for r in matches]
                fits = [fit for fit in fits if fit is not None]
                if fits:
                    tally["intervals"] += 1
                    tally["intervals fit"] += any(fits)
                    if not any(fits) and SHOW_MISSES:
                        print(
                            f"  interval ({name}) {p.kind} {p.data.get('date_start')}.."
                            f"{p.data.get('date_end')} {p.data.get('date_precision')}, gold "
                            f"{[tuple(map(str, r['dates'])) for r in matches]}"
                        )
            tally["proposals"] += 1
            tally["right"] += bool(right)
    tally["articles"] = len(golds)
    return {"tally": tally, "seconds": seconds}


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "n/a"


def report(title: str, result: dict) -> None:
    t, seconds = result["tally"], result["seconds"]
    print(f"\n{title}: {t['articles']} articles")
    rows = [
        ("quotes with the right speaker", t["quotes found"], t["gold quotes"], TARGETS["quotes"]),
        (
            "meetings, >= 2 participants right",
            t["meetings found"],
            t["gold meetings"],
            TARGETS["meetings"],
        ),
        ("proposal precision", t["right"], t["proposals"], TARGETS["precision"]),
        (
            "intervals holding gold, <= 1 step wider",
            t["intervals fit"],
            t["intervals"],
            TARGETS["dates"],
        ),
    ]
    for label, a, b, target in rows:
        mark = "" if not b else ("  meets" if a / b >= target else "  below")
        print(f"  {label:42} {ratio(a, b):>16}   target {target:.0%}{mark}")
    print(f"  {'excerpts not verbatim':42} {t['not verbatim']:>16}   target 0")
    if seconds:
        print(
            f"  {'seconds per article (mean, max)':42} "
            f"{sum(seconds) / len(seconds):>8.3f} {max(seconds):>7.3f}   target < 1"
        )
    kinds = {k.removeprefix("proposed "): v for k, v in t.items() if k.startswith("proposed ")}
    print("  proposals by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


def main() -> None:
    import django

    django.setup()
    report("(a) seeds, leave one out", score(seed_golds()))
    report(
        "(a') the same, each with its publication date given by a curator",
        score(seed_golds(), given=True),
    )
    items = item_golds()
    if items:
        report("(b) short items, gold written first", score(items))
    else:
        print("\n(b) short items: bench/intake_gold/gold.yaml is missing")
    fresh = item_golds(FRESH)
    if fresh:
        report("(c) short items written after the rules, by a reader of none of them", score(fresh))


if __name__ == "__main__":
    main()
