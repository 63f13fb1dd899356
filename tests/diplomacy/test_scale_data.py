import pytest
from django.core.management import CommandError, call_command

from diplomacy.models import Citation, Meeting, Statement
from diplomacy.scale import ScaleSpec, generate_scale_data
from diplomacy.validation import check_quote

pytestmark = pytest.mark.django_db

SMALL = ScaleSpec(actors=40, meetings=120, statements=300, resolutions=10, seed=7)


def synthetic_fingerprint() -> list:
    return list(
        Meeting.objects.filter(slug__startswith="synthetic-")
        .order_by("slug")
        .values_list("slug", "date_start", "participants__slug")[:200]
    )


def test_synthetic_records_are_marked_cited_and_consistent():
    counts = generate_scale_data(SMALL)

    assert counts["meetings"] == 120 and counts["statements"] == 300
    meetings = Meeting.objects.filter(slug__startswith="synthetic-")
    assert meetings.count() == 120
    for meeting in meetings.prefetch_related("participations"):
        assert 3 <= len(meeting.participations.all()) <= 6
    for citation in Citation.objects.filter(source__slug__startswith="synthetic-").select_related(
        "source"
    ):
        assert citation.source.text[citation.start : citation.end] == citation.excerpt
    quotes = Statement.objects.filter(slug__startswith="synthetic-", kind="quote")
    for quote in quotes.prefetch_related("citations")[:50]:
        check_quote(quote.text, [c.excerpt for c in quote.citations.all()])


def test_the_same_seed_gives_the_same_records():
    generate_scale_data(SMALL)
    first = synthetic_fingerprint()
    Citation.objects.filter(source__slug__startswith="synthetic-").delete()
    for model in (Statement, Meeting):
        model.objects.filter(slug__startswith="synthetic-").delete()
    from diplomacy.models import Actor, Resolution, Source

    Resolution.objects.filter(slug__startswith="synthetic-").delete()
    Source.objects.filter(slug__startswith="synthetic-").delete()
    Actor.objects.filter(slug__startswith="synthetic-").delete()

    generate_scale_data(SMALL)
    assert synthetic_fingerprint() == first


def test_the_command_needs_an_explicit_scratch_flag():
    with pytest.raises(CommandError, match="--scratch-database"):
        call_command("generate_scale_data", meetings=1)
