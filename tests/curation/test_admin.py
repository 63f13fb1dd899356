import hashlib

import pytest
from django.urls import reverse

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
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

MODELS = [Actor, Position, Meeting, Statement, Resolution, Source, Topic, ReportedFigure]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:diplomacy_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_loads(admin_client, model):
    record = model.objects.first()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
    ]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("query", ["Haniyeh", "Wang"])
def test_admin_search_and_filters(admin_client, query):
    response = admin_client.get(
        admin_url(Meeting, "changelist"), {"q": query, "format__exact": "in_person"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


NEW_SOURCE_TEXT = (
    "Beijing, 2 April 2024. Wang Yi met Ayman Safadi in Beijing on Tuesday to discuss a ceasefire."
)


def meeting_form(excerpt: str, source_status: str = "published") -> dict:
    source = Source.objects.create(
        slug="new-article-2024-04-02",
        status=source_status,
        title="A new article",
        date_start="2024-04-02",
        date_end="2024-04-02",
        date_precision="day",
        date_note="Dateline.",
        sha256="0" * 64,
        text=NEW_SOURCE_TEXT,
    )
    return {
        "slug": "wang-yi-meets-safadi-2024-04-02",
        "title": "Wang Yi meets Ayman Safadi",
        "kind": "meeting",
        "format": "in_person",
        "occurrence": "held",
        "date_start": "2024-04-02",
        "date_end": "2024-04-02",
        "date_precision": "day",
        "date_note": "'on Tuesday', article dated Tuesday 2 April 2024.",
        "attestation": "reported",
        "location_name": "Beijing",
        "location_country": "CN",
        "trip": "",
        "summary": "",
        **inline(
            "participations",
            [
                {
                    "actor": Actor.objects.get(slug="wang-yi").pk,
                    "role": "host",
                    "title": "Foreign Minister",
                    "identification": "named",
                    "attestation": "reported",
                },
                {
                    "actor": Actor.objects.get(slug="ayman-safadi").pk,
                    "role": "guest",
                    "title": "",
                    "identification": "named",
                    "attestation": "reported",
                },
            ],
        ),
        **inline("citations", [{"source": source.pk, "excerpt": excerpt}]),
    }


def test_an_editor_adds_a_meeting_sees_its_history_publishes_it_and_the_api_serves_it(
    admin_client, api
):
    response = admin_client.post(
        admin_url(Meeting, "add"), meeting_form("Wang Yi met Ayman Safadi in Beijing on Tuesday")
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get(slug="wang-yi-meets-safadi-2024-04-02")
    citation = meeting.citations.get()
    assert NEW_SOURCE_TEXT[citation.start : citation.end] == citation.excerpt
    assert meeting.status == "draft"
    assert api.get("/api/v1/meetings/wang-yi-meets-safadi-2024-04-02/").status_code == 404

    history = admin_client.get(admin_url(Meeting, "history", meeting.pk))
    assert history.status_code == 200 and b"root" in history.content
    assert meeting.history.get().history_user.username == "root"

    admin_client.post(
        admin_url(Meeting, "changelist"),
        {"action": "publish", "_selected_action": [meeting.pk], "reason": ""},
    )
    listed = api.get(
        "/api/v1/meetings/", {"actor": "ayman-safadi", "date_from": "2024-01-01"}
    ).json()
    assert [m["slug"] for m in listed["results"]] == ["wang-yi-meets-safadi-2024-04-02"]
    assert listed["results"][0]["citations"][0]["excerpt"] == citation.excerpt


def test_the_admin_refuses_an_excerpt_that_is_not_in_the_source(admin_client):
    response = admin_client.post(admin_url(Meeting, "add"), meeting_form("Wang Yi met the Pope"))

    assert response.status_code == 200
    assert "is not in the source text" in str(
        response.context["inline_admin_formsets"][1].formset.errors
    )
    assert not Meeting.objects.filter(slug="wang-yi-meets-safadi-2024-04-02").exists()


def test_the_admin_refuses_a_quote_that_is_not_verbatim(admin_client):
    statement = Statement.objects.get(slug="faisal-message-is-clear")
    citation = statement.citations.get()
    data = {
        "slug": statement.slug,
        "kind": "quote",
        "text": "The message is clear: war must stop",
        "date_precision": statement.date_precision,
        "date_start": statement.date_start.isoformat(),
        "date_end": statement.date_end.isoformat(),
        "date_note": statement.date_note,
        "attestation": statement.attestation,
        "speaker": statement.speaker_id,
        "meeting": statement.meeting_id,
        "resolution": "",
        "topics": [],
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
    response = admin_client.post(admin_url(Statement, "change", statement.pk), data)

    assert response.status_code == 200
    assert "exact words between quotation marks" in str(response.context["adminform"].form.errors)
    statement.refresh_from_db()
    assert statement.text.startswith("The message is clear: the war must stop")


def test_retracting_in_bulk_needs_a_reason(admin_client, api):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    url = admin_url(Meeting, "changelist")

    admin_client.post(url, {"action": "retract", "_selected_action": [meeting.pk], "reason": ""})
    meeting.refresh_from_db()
    assert meeting.status == "published"

    admin_client.post(
        url, {"action": "retract", "_selected_action": [meeting.pk], "reason": "Misdated."}
    )
    assert api.get("/api/v1/meetings/wang-yi-cohen-call/").status_code == 410


def test_a_curator_cannot_publish_from_the_admin(client, curator):
    client.force_login(curator)
    response = client.get(admin_url(Meeting, "changelist"))
    assert response.status_code == 200
    action_form = response.context["action_form"]
    actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert "publish" not in actions and "retract" not in actions


def test_every_change_leaves_history_whoever_makes_it(editor):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    loaded = meeting.history.count()
    assert loaded >= 1  # written by the seed loader, which saves through the ORM
    assert meeting.history.last().history_type == "+"
    assert meeting.citations.first().history.exists()
    assert meeting.participations.first().history.exists()

    token_client(editor).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {"summary": "Edited.", "correction_note": "A better summary."},
        format="json",
    )

    latest = meeting.history.first()
    assert meeting.history.count() == loaded + 1
    assert (latest.summary, latest.history_user.username) == ("Edited.", "editor")


def test_reloading_the_seed_fixtures_keeps_a_curators_api_edit(editor):
    from django.conf import settings

    from diplomacy.loading.loader import load_seed_data

    token_client(editor).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {"summary": "Edited.", "correction_note": "A better summary."},
        format="json",
    )

    report = load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)

    assert report.kept_curator_edits == ["meeting wang-yi-cohen-call"]
    assert Meeting.objects.get(slug="wang-yi-cohen-call").summary == "Edited."


def test_an_editor_reverts_a_change_from_the_history(admin_client):
    topic = Topic.objects.get(slug="mediation")
    original = topic.history.earliest()
    topic.name = "Vandalised"
    topic.save()

    url = reverse("admin:diplomacy_topic_simple_history", args=[topic.pk, original.history_id])
    form = admin_client.get(url)
    assert form.status_code == 200
    response = admin_client.post(
        url,
        {
            "slug": original.slug,
            "name": original.name,
            "description": original.description,
            "correction_note": "Reverted a vandalised name.",
        },
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == original.name
    assert topic.history.first().history_user.username == "root"


def test_a_text_pasted_in_the_admin_is_kept_with_line_feeds_and_its_final_newline(admin_client):
    """Browsers send a textarea's line breaks as CRLF; the stored text has LF, and nothing
    else changed: the final newline stays."""
    response = admin_client.post(
        admin_url(Source, "add"),
        {
            "slug": "pasted-article",
            "title": "Pasted",
            "date_precision": "unknown",
            "text": "First line.\r\nSecond line.\r\n",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get(slug="pasted-article")
    assert source.text == "First line.\nSecond line.\n"
    assert source.sha256 == hashlib.sha256(b"First line.\nSecond line.\n").hexdigest()


# Correction notes: a change to what the public sees says what it corrects.


def topic_form(topic: Topic, **changes) -> dict:
    return {"slug": topic.slug, "name": topic.name, "description": topic.description} | changes


def test_a_published_record_s_change_form_asks_for_a_correction_note(admin_client):
    published = Topic.objects.get(slug="mediation")
    draft = Topic.objects.create(slug="zz-admin-draft", name="Draft")

    page = admin_client.get(admin_url(Topic, "change", published.pk))

    field = page.context["adminform"].form.fields["correction_note"]
    assert field.required and field.label == "Correction note"
    assert field.help_text.startswith("Readers see this note beside the change")
    assert 'name="correction_note"' in page.content.decode()
    for url in (admin_url(Topic, "change", draft.pk), admin_url(Topic, "add")):
        assert "correction_note" not in admin_client.get(url).context["adminform"].form.fields


def test_the_admin_saves_a_published_record_only_with_a_note_which_the_history_shows(
    admin_client, api
):
    topic = Topic.objects.get(slug="mediation")
    url = admin_url(Topic, "change", topic.pk)

    refused = admin_client.post(url, topic_form(topic, name="Mediation and talks"))
    assert refused.status_code == 200
    assert "correction_note" in refused.context["adminform"].form.errors
    assert Topic.objects.get(pk=topic.pk).name == "Mediation"

    note = "The sources speak of talks as often as of mediation."
    saved = admin_client.post(
        url, topic_form(topic, name="Mediation and talks") | {"correction_note": note}
    )
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    *_, entry = api.get("/api/v1/topics/mediation/history/").json()["results"]
    assert (entry["fields"], entry["note"]) == (["name"], note)


def test_a_draft_is_saved_in_the_admin_without_a_note(admin_client):
    draft = Topic.objects.create(slug="zz-admin-draft", name="Draft")
    saved = admin_client.post(admin_url(Topic, "change", draft.pk), topic_form(draft, name="New"))
    assert saved.status_code == 302
    assert Topic.objects.get(pk=draft.pk).name == "New"
