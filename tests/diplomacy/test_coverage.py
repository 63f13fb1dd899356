"""What of an article no record cites: every sentence is cited or marked with a reason."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from diplomacy.coverage import MarkInput, seeded_marks_replace, sentences, source_coverage
from diplomacy.models import Citation, CoverageNote, Meeting, Source

pytestmark = pytest.mark.django_db

TEXT = (
    "Headline of the day\n"
    "Wang Yi met Eli Cohen on Monday. He said “peace now.” Mr. Cohen did not reply.\n"
    "\n"
    "Leave a Reply\n"
)


def new_source() -> Source:
    return Source.objects.create(
        slug="coverage-test", sha256="0" * 64, text=TEXT, date_precision="unknown"
    )


def cite(source: Source, words: str) -> None:
    start = source.text.index(words)
    Citation.objects.create(
        source=source,
        excerpt=words,
        start=start,
        end=start + len(words),
        meeting=Meeting.objects.get(slug="wang-yi-cohen-call"),
    )


def test_sentences_are_found_line_by_line_with_their_offsets():
    found = sentences(TEXT)

    assert [s.text for s in found] == [
        "Headline of the day",
        "Wang Yi met Eli Cohen on Monday.",
        "He said “peace now.”",
        "Mr. Cohen did not reply.",
        "Leave a Reply",
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in found)


def test_a_sentence_is_covered_when_a_citation_or_a_mark_overlaps_it():
    source = new_source()
    cite(source, "met Eli Cohen")
    seeded_marks_replace(
        source,
        [
            MarkInput("Headline of the day", "headline", "The article's headline."),
            MarkInput("Leave a Reply", "boilerplate", "The site's comment form."),
        ],
    )

    coverage = source_coverage(source)

    assert [s.text for s in coverage.unmarked] == [
        "He said “peace now.”",
        "Mr. Cohen did not reply.",
    ]
    assert not coverage.complete


def test_the_check_fails_naming_the_sentences_and_passes_once_they_are_marked(capsys):
    source = new_source()
    cite(source, "Wang Yi met Eli Cohen on Monday. He said “peace now.”")

    with pytest.raises(CommandError, match="coverage-test"):
        call_command("source_coverage", "coverage-test", "--check")
    output = capsys.readouterr().out
    assert "Headline of the day" in output and "Mr. Cohen did not reply." in output

    seeded_marks_replace(
        source,
        [
            MarkInput("Headline of the day", "headline", "The headline."),
            MarkInput("Mr. Cohen did not reply.", "commentary", "Not news: no reply expected."),
            MarkInput("Leave a Reply", "boilerplate", "The comment form."),
        ],
    )
    call_command("source_coverage", "coverage-test", "--check")
    assert "0 neither" in capsys.readouterr().out


def test_a_curators_mark_stays_when_the_loader_replaces_its_own():
    source = new_source()
    CoverageNote.objects.create(
        source=source,
        excerpt="Leave a Reply",
        start=TEXT.index("Leave"),
        end=len(TEXT) - 1,
        mark="boilerplate",
        reason="Added by a curator.",
    )
    seeded_marks_replace(source, [MarkInput("Headline of the day", "headline", "Headline.")])
    seeded_marks_replace(source, [MarkInput("Headline of the day", "headline", "Headline.")])

    assert sorted(source.coverage_notes.values_list("reason", flat=True)) == [
        "Added by a curator.",
        "Headline.",
    ]


def test_a_mark_of_words_not_in_the_article_is_refused():
    with pytest.raises(Exception, match="not in the source text"):
        seeded_marks_replace(new_source(), [MarkInput("Not there", "headline", "Headline.")])


def test_every_sentence_of_the_seed_articles_is_cited_or_marked(capsys):
    call_command("source_coverage", "--check")

    assert capsys.readouterr().out.count(" 0 neither") == Source.objects.count() == 5


def test_the_admin_shows_the_text_with_cited_spans_linked_and_what_no_record_cites(admin_client):
    source = new_source()
    cite(source, "met Eli Cohen")
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")

    page = admin_client.get(reverse("admin:diplomacy_source_coverage", args=[source.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "<mark" in html and "met Eli Cohen" in html
    assert reverse("admin:diplomacy_meeting_change", args=[meeting.pk]) in html
    assert page.context["neither"] and "Mr. Cohen did not reply." in html
    uncited = [sentence.text for sentence, _ in page.context["uncited"]]
    assert "Headline of the day" in uncited and "met Eli Cohen" not in " ".join(uncited)
    change = admin_client.get(reverse("admin:diplomacy_source_change", args=[source.pk]))
    assert reverse("admin:diplomacy_source_coverage", args=[source.pk]) in change.content.decode()


def test_a_reader_without_the_admin_cannot_see_coverage(client):
    source = new_source()

    page = client.get(reverse("admin:diplomacy_source_coverage", args=[source.pk]))

    assert page.status_code == 302 and "/login/" in page["Location"]


def test_a_curator_marks_words_in_the_admin_and_the_coverage_counts_them(admin_client):
    source = new_source()
    form = {
        "source": source.pk,
        "excerpt": "Leave a Reply",
        "mark": "boilerplate",
        "reason": "The site's comment form.",
    }

    response = admin_client.post(reverse("admin:diplomacy_coveragenote_add"), form)

    assert response.status_code == 302, response.context and response.context["errors"]
    (note,) = source.coverage_notes.all()
    assert (TEXT[note.start : note.end], note.seeded) == ("Leave a Reply", False)
    assert "Leave a Reply" not in [s.text for s in source_coverage(source).unmarked]
    wrong = admin_client.post(
        reverse("admin:diplomacy_coveragenote_add"), form | {"excerpt": "Not in it"}
    )
    assert "not in the source text" in str(wrong.context["adminform"].form.errors)


def test_loading_the_same_marks_again_writes_nothing():
    source = new_source()
    marks = [MarkInput("Headline of the day", "headline", "Headline.")]
    seeded_marks_replace(source, marks)
    (note,) = source.coverage_notes.all()

    seeded_marks_replace(source, marks)

    assert list(source.coverage_notes.values_list("pk", flat=True)) == [note.pk]
    assert note.history.count() == 1
    seeded_marks_replace(source, [MarkInput("Headline of the day", "headline", "Title.")])
    assert source.coverage_notes.get().reason == "Title."
