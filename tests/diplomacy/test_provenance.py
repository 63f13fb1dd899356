"""Every loaded fact is traceable to the exact words of a source."""

import pytest

from diplomacy.models import (
    CITING_FIELDS,
    Citation,
    Meeting,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
)
from diplomacy.validation import check_quote

pytestmark = pytest.mark.django_db


def test_every_citation_offset_selects_its_excerpt():
    citations = list(Citation.objects.select_related("source"))

    assert len(citations) > 150
    for citation in citations:
        assert citation.source.text[citation.start : citation.end] == citation.excerpt


@pytest.mark.parametrize("model", [Meeting, Statement, Resolution, Position, ReportedFigure])
def test_every_record_has_a_citation(model):
    assert model.objects.exists()
    assert not model.objects.filter(citations__isnull=True).exists()


def test_every_quote_stands_verbatim_between_quotation_marks_in_a_cited_source():
    quotes = Statement.objects.filter(kind="quote").prefetch_related("citations")

    assert quotes.count() >= 19
    for quote in quotes:
        check_quote(quote.text, [citation.excerpt for citation in quote.citations.all()])


def test_every_citation_cites_exactly_one_kind_of_record():
    for citation in Citation.objects.all():
        assert sum(getattr(citation, f"{field}_id") is not None for field in CITING_FIELDS) == 1


def test_source_texts_are_the_seed_files_unchanged(settings):
    import hashlib

    for source in Source.objects.all():
        raw = (settings.SEEDS_DIR / source.seed_file).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source.sha256
        assert raw.decode("utf-8") == source.text


def test_no_source_carries_an_invented_url():
    assert not Source.objects.exclude(url=None).exists()
