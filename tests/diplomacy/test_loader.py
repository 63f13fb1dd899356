import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from diplomacy.loading.fixtures import FixtureError
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import (
    Actor,
    Citation,
    Meeting,
    Participation,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
    Topic,
    Vote,
)

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    Source,
    Topic,
    Actor,
    Position,
    Meeting,
    Participation,
    Statement,
    Resolution,
    Vote,
    ReportedFigure,
    Citation,
]


def database_snapshot() -> dict:
    """Every row of every model, as plain values."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in ALL_MODELS}


def edit_fixture(directory, name, change):
    path = directory / name
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def by_slug(records, slug):
    return next(record for record in records if record["slug"] == slug)


def test_loading_twice_changes_nothing():
    before = database_snapshot()

    report = load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)

    assert report.created == [] and report.updated == [] and report.kept_curator_edits == []
    assert len(report.unchanged) == sum(
        model.objects.count()
        for model in [
            Source,
            Topic,
            Actor,
            Position,
            Meeting,
            Statement,
            Resolution,
            ReportedFigure,
        ]
    )
    assert database_snapshot() == before


def test_loading_into_an_empty_database_creates_every_record_once():
    for model in reversed(ALL_MODELS):
        model.objects.all().delete()

    report = load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)

    assert report.updated == [] and report.unchanged == []
    assert len(report.created) == len(set(report.created))
    assert Meeting.objects.filter(slug="beijing-arab-islamic-ministers-2023-11-20").count() == 1


def test_a_changed_fixture_updates_its_record(fixture_copy):
    edit_fixture(
        fixture_copy,
        "topics.yaml",
        lambda records: by_slug(records, "ceasefire").update(name="Ceasefire and truce"),
    )

    report = load_seed_data(fixture_copy, settings.SEEDS_DIR)

    assert report.updated == ["topic ceasefire"]
    assert Topic.objects.get(slug="ceasefire").name == "Ceasefire and truce"


def test_an_excerpt_missing_from_its_source_fails_naming_file_record_and_excerpt(fixture_copy):
    def corrupt(records):
        by_slug(records, "wang-yi-cohen-call")["citations"][0]["excerpt"] = "Wang phoned Mars"

    edit_fixture(fixture_copy, "meetings.yaml", corrupt)

    with pytest.raises(FixtureError) as failure:
        load_seed_data(fixture_copy, settings.SEEDS_DIR)

    message = str(failure.value)
    assert "meetings.yaml" in message
    assert "wang-yi-cohen-call" in message
    assert "Wang phoned Mars" in message
    assert "not in the source text" in message


def test_an_ambiguous_excerpt_needs_its_occurrence(fixture_copy):
    def make_ambiguous(records):
        by_slug(records, "wang-yi-cohen-call")["citations"] = [
            {"source": "wang-yi-calls-cohen-and-al-maliki", "excerpt": "Wang"}
        ]

    edit_fixture(fixture_copy, "meetings.yaml", make_ambiguous)

    with pytest.raises(FixtureError, match="appears .* times in the source; give its occurrence"):
        load_seed_data(fixture_copy, settings.SEEDS_DIR)


def test_a_quote_must_stand_verbatim_between_quotation_marks(fixture_copy):
    def misquote(records):
        quote = next(record for record in records if record["kind"] == "quote")
        quote["text"] = quote["text"].replace("the", "a", 1) + " (sic)"

    edit_fixture(fixture_copy, "statements.yaml", misquote)

    with pytest.raises(FixtureError, match="exact words between quotation marks"):
        load_seed_data(fixture_copy, settings.SEEDS_DIR)


def test_a_failing_load_leaves_the_database_exactly_as_it_was(fixture_copy):
    # The first files load fine and change records; the last one fails.
    edit_fixture(
        fixture_copy,
        "topics.yaml",
        lambda records: by_slug(records, "ceasefire").update(name="Changed"),
    )
    edit_fixture(
        fixture_copy,
        "figures.yaml",
        lambda records: records[0]["citations"][0].update(excerpt="no such words"),
    )
    before = database_snapshot()

    with pytest.raises(FixtureError):
        load_seed_data(fixture_copy, settings.SEEDS_DIR)

    assert database_snapshot() == before


def test_the_command_reports_a_bad_fixture_and_loads_nothing(fixture_copy):
    edit_fixture(
        fixture_copy,
        "actors.yaml",
        lambda records: by_slug(records, "zhai-jun").update(affiliation="atlantis"),
    )
    with pytest.raises(
        CommandError,
        match=r"Nothing was loaded\. actors.yaml: 'zhai-jun': unknown actor 'atlantis'",
    ):
        call_command("load_seed_data", fixtures=str(fixture_copy))


def test_a_curators_edit_is_reported_and_kept(fixture_copy):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    meeting.summary = "Edited by a curator."
    meeting.save()
    edit_fixture(
        fixture_copy,
        "meetings.yaml",
        lambda records: by_slug(records, "wang-yi-cohen-call").update(summary="From the fixture."),
    )

    report = load_seed_data(fixture_copy, settings.SEEDS_DIR)

    assert report.kept_curator_edits == ["meeting wang-yi-cohen-call"]
    assert any(
        line.startswith("left alone") and line.endswith("meeting wang-yi-cohen-call")
        for line in report.lines()
    )
    meeting.refresh_from_db()
    assert meeting.summary == "Edited by a curator."


def test_overwrite_replaces_a_curators_edit(fixture_copy):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    meeting.summary = "Edited by a curator."
    meeting.save()

    report = load_seed_data(fixture_copy, settings.SEEDS_DIR, overwrite=True)

    assert report.updated == ["meeting wang-yi-cohen-call"]
    meeting.refresh_from_db()
    assert meeting.summary != "Edited by a curator."


def test_a_record_created_by_a_curator_with_a_fixture_slug_is_left_alone():
    Topic.objects.filter(slug="mediation").delete()
    Topic.objects.create(slug="mediation", name="Curator's own")

    report = load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)

    assert report.kept_curator_edits == ["topic mediation"]
    assert Topic.objects.get(slug="mediation").name == "Curator's own"


def test_a_changed_seed_file_fails_the_checksum(seeds_copy):
    article = seeds_copy / "001_ab5f22e0f36654c7.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nAn added line.", encoding="utf-8")

    with pytest.raises(
        FixtureError, match="001_ab5f22e0f36654c7.txt has sha256 .* the article was changed"
    ):
        load_seed_data(settings.FIXTURES_DIR, seeds_copy)


def test_a_seed_file_that_differs_from_the_database_fails(fixture_copy):
    Source.objects.filter(slug="china-leads-push-for-ceasefire").update(sha256="0" * 64)

    with pytest.raises(FixtureError, match="but the database holds 0000"):
        load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)


def test_an_unknown_fixture_key_is_refused(fixture_copy):
    edit_fixture(
        fixture_copy,
        "meetings.yaml",
        lambda records: by_slug(records, "wang-yi-cohen-call").update(partcipants=[]),
    )
    with pytest.raises(FixtureError, match="unknown key\\(s\\) partcipants"):
        load_seed_data(fixture_copy, settings.SEEDS_DIR)
