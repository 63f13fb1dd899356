"""The seed loader, the write API and the admin refuse the same bad input in the same words.

Each door writes through ``diplomacy.services``; each case below is tried through
all three, and each must answer with the same message and write nothing.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from diplomacy.loading.fixtures import FixtureError
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import Actor, Meeting, Source, Statement
from tests.conftest import token_client
from tests.curation.test_admin import inline
from tests.diplomacy.test_loader import by_slug, edit_fixture

pytestmark = pytest.mark.django_db

SOURCE = "wang-yi-calls-cohen-and-al-maliki"
EXCERPT = "Wang Yi"  # replaced in every case that keeps the citation
GOOD_EXCERPT = "Foreign Minister Wang Yi"

CASES = {
    "an excerpt that is not in the source": (
        {"citations": [{"source": SOURCE, "excerpt": "Wang phoned Mars"}]},
        "The excerpt 'Wang phoned Mars' is not in the source text (it must be copied exactly, "
        "curly quotes and apostrophes included).",
    ),
    "no citation": ({"citations": []}, "A record needs at least one citation."),
    "an end before the start": (
        {"date_start": "2023-10-12", "date_end": "2023-10-11", "date_precision": "week"},
        "The end date is before the start date.",
    ),
}


def meeting_fields(change: dict) -> dict:
    """The meeting wang-yi-cohen-call as its fixture has it, with ``change`` applied."""
    return {
        "title": "A call",
        "format": "phone",
        "date_start": "2023-10-12",
        "date_end": "2023-10-12",
        "date_precision": "day",
        "citations": [{"source": SOURCE, "excerpt": GOOD_EXCERPT}],
    } | change


def through_the_loader(fixture_copy, change: dict) -> list[str]:
    def apply(records):
        record = by_slug(records, "wang-yi-cohen-call")
        record |= meeting_fields(change)
        record.pop("date_end") if record.get("date_end") is None else None

    edit_fixture(fixture_copy, "meetings.yaml", apply)
    with pytest.raises(FixtureError) as failure:
        load_seed_data(fixture_copy, settings.SEEDS_DIR)
    return [str(failure.value)]


def through_the_api(curator, change: dict) -> list[str]:
    body = {"slug": "a-new-call"} | meeting_fields(change)
    response = token_client(curator).post("/api/v1/meetings/", body, format="json")
    assert response.status_code == 400, response.content
    assert not Meeting.objects.filter(slug="a-new-call").exists()
    return [error["detail"] for error in response.json()["errors"]]


def through_the_admin(client, superuser, change: dict) -> list[str]:
    client.force_login(superuser)
    fields = meeting_fields(change)
    source = Source.objects.get(slug=SOURCE)
    form = {
        "slug": "a-new-call",
        "title": fields["title"],
        "kind": "meeting",
        "format": fields["format"],
        "occurrence": "held",
        "date_start": fields["date_start"],
        "date_end": fields["date_end"],
        "date_precision": fields["date_precision"],
        "date_note": "",
        "attestation": "reported",
        "trip": "",
        "summary": "",
        **inline(
            "participations",
            [
                {
                    "actor": Actor.objects.get(slug="wang-yi").pk,
                    "role": "host",
                    "title": "",
                    "identification": "named",
                    "attestation": "reported",
                }
            ],
        ),
        **inline(
            "citations",
            [{"source": source.pk, "excerpt": c["excerpt"]} for c in fields["citations"]],
        ),
    }
    response = client.post(reverse("admin:diplomacy_meeting_add"), form)
    assert response.status_code == 200, "the admin saved what the services refuse"
    assert not Meeting.objects.filter(slug="a-new-call").exists()
    return admin_messages(response)


def admin_messages(response) -> list[str]:
    """Every error the admin page shows, on the record's form and on its inlines' rows."""
    forms = [response.context["adminform"].form]
    for inline_formset in response.context["inline_admin_formsets"]:
        forms += inline_formset.formset.forms
    return [message for form in forms for errors in form.errors.values() for message in errors]


@pytest.mark.parametrize("case", CASES)
def test_every_door_refuses_bad_input_in_the_same_words(
    case, fixture_copy, curator, client, superuser
):
    change, message = CASES[case]
    answers = {
        "loader": through_the_loader(fixture_copy, change),
        "write API": through_the_api(curator, change),
        "admin": through_the_admin(client, superuser, change),
    }
    for door, said in answers.items():
        assert any(message in text for text in said), f"{door} said {said}"
    assert message in answers["write API"] and message in answers["admin"]


def test_every_door_refuses_a_quote_that_is_not_verbatim(fixture_copy, curator, client, superuser):
    statement = Statement.objects.get(slug="faisal-message-is-clear")
    citation = statement.citations.get()
    misquoted = "The message is clear: war must stop"
    message = (
        f"A quote must be the exact words between quotation marks in a cited excerpt; "
        f"{misquoted!r} is not. Record reported speech as a paraphrase."
    )

    def misquote(records):
        by_slug(records, statement.slug)["text"] = misquoted

    edit_fixture(fixture_copy, "statements.yaml", misquote)
    with pytest.raises(FixtureError) as failure:
        load_seed_data(fixture_copy, settings.SEEDS_DIR)

    body = {
        "slug": "a-misquote",
        "speaker": statement.speaker.slug,
        "kind": "quote",
        "text": misquoted,
        "date_precision": "unknown",
        "citations": [{"source": citation.source.slug, "excerpt": citation.excerpt}],
    }
    response = token_client(curator).post("/api/v1/statements/", body, format="json")

    client.force_login(superuser)
    form = {
        "slug": statement.slug,
        "kind": "quote",
        "text": misquoted,
        "date_precision": statement.date_precision,
        "date_start": statement.date_start.isoformat(),
        "date_end": statement.date_end.isoformat(),
        "date_note": statement.date_note,
        "attestation": statement.attestation,
        "speaker": statement.speaker_id,
        "meeting": statement.meeting_id or "",
        "resolution": "",
        **inline("addressees", []),
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "1",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-id": citation.pk,
        "citations-0-statement": statement.pk,
        "citations-0-source": citation.source_id,
        "citations-0-excerpt": citation.excerpt,
        "correction_note": "The quote as the source words it.",
    }
    admin = client.post(reverse("admin:diplomacy_statement_change", args=[statement.pk]), form)

    assert message in str(failure.value)
    assert message in [error["detail"] for error in response.json()["errors"]]
    assert message in admin_messages(admin)
    assert Statement.objects.get(pk=statement.pk).text == statement.text
