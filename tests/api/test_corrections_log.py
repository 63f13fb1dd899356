"""The public corrections log: each record's history says when it was published, what changed
while it was public (which fields, and the editor's note saying why), its renames, and its
retraction with the reason. A draft's edits leave nothing."""

import pytest
from django.urls import reverse

from diplomacy import services
from diplomacy.changes import public_history
from diplomacy.models import Actor, Change, Meeting, Statement, Topic
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

STATEMENT = "wang-yi-reiterates-immediate-ceasefire"  # a paraphrase: its text is ours
STATEMENT_URL = f"/api/v1/statements/{STATEMENT}/"
NOTE = "The paraphrase left out the call for talks."


def history(api, url: str) -> list[dict]:
    response = api.get(f"{url}history/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def last_id() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_change_to_a_published_record_without_a_note_is_refused_naming_it(api, superuser):
    before, start = api.get(STATEMENT_URL).json(), last_id()

    refused = token_client(superuser).patch(STATEMENT_URL, {"text": "Changed."}, format="json")

    body = assert_problem(refused, 400, "correction_note")
    (error,) = [e for e in body["errors"] if e["name"] == "correction_note"]
    assert "what was corrected and why" in error["detail"]
    assert api.get(STATEMENT_URL).json() == before
    assert last_id() == start


def test_a_blank_or_overlong_note_is_refused(superuser):
    client = token_client(superuser)
    blank = client.patch(
        STATEMENT_URL, {"text": "Changed.", "correction_note": "  "}, format="json"
    )
    assert_problem(blank, 400, "correction_note")
    long = {"text": "Changed.", "correction_note": "x" * (services.MAX_NOTE + 1)}
    assert_problem(client.patch(STATEMENT_URL, long, format="json"), 400, "correction_note")
    with pytest.raises(services.ValidationError) as refused:
        services.record_write(
            Statement.objects.get(slug=STATEMENT),
            by=superuser,
            fields={"text": "Changed."},
            note="x" * (services.MAX_NOTE + 1),
        )
    assert "correction_note" in refused.value.message_dict


def test_a_correction_shows_its_fields_and_note_in_the_history_and_the_change_feed(api, superuser):
    start = last_id()
    body = {"text": "Wang Yi called again for a ceasefire.", "correction_note": f"  {NOTE} "}

    corrected = token_client(superuser).patch(STATEMENT_URL, body, format="json")

    assert corrected.status_code == 200, corrected.content
    assert "correction_note" not in corrected.json()  # written, never shown as a field
    *_, entry = history(api, STATEMENT_URL)
    assert (entry["action"], entry["fields"], entry["note"]) == ("updated", ["text"], NOTE)
    assert entry["slug"] == STATEMENT and entry["reason"] is None
    (logged,) = api.get("/api/v1/changes/", {"since": start}).json()["results"]
    assert (logged["fields"], logged["note"]) == (["text"], NOTE)


def test_a_record_s_history_begins_with_its_publication(api):
    entries = history(api, STATEMENT_URL)
    assert entries[0]["action"] == "created"
    assert entries[0]["fields"] is None and entries[0]["note"] is None
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    browsable = api.get(f"{STATEMENT_URL}history/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and b"created" in browsable.content
    assert api.options(f"{STATEMENT_URL}history/").status_code == 200
    assert_problem(api.get(f"{STATEMENT_URL}history/", {"page_size": 5}), 400, "page_size")


def test_a_draft_s_edits_leave_no_history_and_publishing_it_needs_no_note(api, curator, editor):
    client = token_client(curator)
    body = {
        "slug": "zz-corrected-draft",
        "title": "A draft meeting",
        "format": "phone",
        "date_precision": "unknown",
        "citations": [
            {
                "source": "china-leads-push-for-ceasefire",
                "excerpt": "the Chinese Vice President Han Zheng met with the delegation",
            }
        ],
    }
    assert client.post("/api/v1/meetings/", body, format="json").status_code == 201
    url = "/api/v1/meetings/zz-corrected-draft/"
    for summary in ("First draft.", "Second draft."):
        assert client.patch(url, {"summary": summary}, format="json").status_code == 200
    assert_problem(api.get(f"{url}history/"), 404)

    published = token_client(editor).patch(url, {"status": "published"}, format="json")

    assert published.status_code == 200, published.content
    assert [e["action"] for e in history(api, url)] == ["created"]


def test_a_participant_s_new_name_is_listed_on_the_meeting_with_no_note(api, superuser):
    note = "His title is part of how the sources name him."
    body = {"name": "Eli Cohen (FM)", "correction_note": note}

    renamed = token_client(superuser).patch("/api/v1/actors/eli-cohen/", body, format="json")

    assert renamed.status_code == 200, renamed.content
    *_, own = history(api, "/api/v1/actors/eli-cohen/")
    assert (own["fields"], own["note"]) == (["name"], note)
    *_, shown = history(api, "/api/v1/meetings/wang-yi-cohen-call/")
    assert (shown["action"], shown["fields"], shown["note"]) == ("updated", ["participants"], None)


def test_the_seed_loader_needs_no_note():
    topic = Topic.objects.get(slug="ceasefire")
    services.record_write(topic, by=services.LOADER, fields={"name": "Ceasefire and truce"})
    (entry,) = public_history(Topic, topic.pk)[-1:]
    assert (entry.action, entry.fields, entry.note) == ("updated", ["name"], "")


def test_a_change_after_an_entry_without_field_digests_lists_no_fields(api):
    """Entries logged before fields were digested say nothing of which changed: unknown."""
    topic = Topic.objects.get(slug="ceasefire")
    Change.objects.filter(resource="topics", object_id=topic.pk).update(field_digests=None)
    services.record_write(topic, by=services.LOADER, fields={"name": "Truce"})
    *_, entry = history(api, "/api/v1/topics/ceasefire/")
    assert (entry["action"], entry["fields"]) == ("updated", None)


def test_a_rename_lists_the_fields_it_changed_and_the_old_address_leads_to_the_history(api, editor):
    body = {"slug": "wang-yi-eli-cohen-call", "correction_note": "A clearer slug."}
    client = token_client(editor)
    assert client.patch("/api/v1/meetings/wang-yi-cohen-call/", body, format="json").status_code

    moved = api.get("/api/v1/meetings/wang-yi-cohen-call/history/")

    assert moved.status_code == 301
    assert moved["Location"].endswith("/api/v1/meetings/wang-yi-eli-cohen-call/history/")
    *_, entry = history(api, "/api/v1/meetings/wang-yi-eli-cohen-call/")
    assert (entry["action"], entry["former_slug"]) == ("renamed", "wang-yi-cohen-call")
    assert "slug" in entry["fields"] and entry["note"] == "A clearer slug."


SECRET = "zqsecretcorrection"


def test_a_retracted_record_s_history_is_its_slugs_times_and_reason_alone(api, superuser):
    client = token_client(superuser)
    corrected = {"text": f"The {SECRET} words.", "correction_note": f"Now says {SECRET}."}
    assert client.patch(STATEMENT_URL, corrected, format="json").status_code == 200
    retract = {"status": "retracted", "retraction_reason": "Misattributed."}

    retracted = client.patch(STATEMENT_URL, retract, format="json")

    assert retracted.status_code == 200, retracted.content  # a retraction needs no note
    assert_problem(api.get(STATEMENT_URL), 410)
    response = api.get(f"{STATEMENT_URL}history/")
    assert response.status_code == 200 and SECRET.encode() not in response.content
    entries = response.json()["results"]
    assert [e["action"] for e in entries][-2:] == ["updated", "retracted"]
    assert entries[-1]["reason"] == "Misattributed."
    assert all(e["fields"] is None and e["note"] is None for e in entries)
    feed = api.get("/api/v1/changes/", {"resource": "statements", "page_size": 1000})
    assert SECRET.encode() not in feed.content
    kept = Change.objects.filter(resource="statements", note__contains=SECRET)
    assert kept.exists()  # kept in the log, shown no more


def test_a_draft_s_history_answers_as_an_unknown_slug_does(api, curator):
    draft = services.record_write(
        Topic(slug="zz-secret-topic", name="Secret"), by=services.LOADER, fields={}
    )
    assert draft.status == "draft"
    hidden = api.get("/api/v1/topics/zz-secret-topic/history/")
    unknown = api.get("/api/v1/topics/zz-never-was/history/")
    assert_problem(hidden, 404)
    assert hidden.json()["detail"] == unknown.json()["detail"]
    # A curator, who sees the draft, sees it has no public history.
    assert token_client(curator).get("/api/v1/topics/zz-secret-topic/history/").json() == {
        "results": []
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/wang-yi-cohen-call/history/",
        "/api/v1/actors/wang-yi/history/",
        "/api/v1/statements/wang-yi-reiterates-immediate-ceasefire/history/",
    ],
)
def test_a_history_is_two_queries(api, url, django_assert_num_queries):
    with django_assert_num_queries(2):  # the record's key and status by slug; its entries
        assert api.get(url).status_code == 200


def test_a_history_costs_the_same_however_long(api, django_assert_num_queries):
    topic = Topic.objects.get(slug="ceasefire")
    for number in range(5):
        services.record_write(topic, by=services.LOADER, fields={"name": f"Ceasefire {number}"})
    with django_assert_num_queries(2):
        assert len(history(api, "/api/v1/topics/ceasefire/")) >= 6


def test_a_missing_or_retracted_record_s_history_is_two_queries(
    api, superuser, django_assert_num_queries
):
    retract = {"status": "retracted", "retraction_reason": "Misattributed."}
    assert token_client(superuser).patch(STATEMENT_URL, retract, format="json").status_code == 200
    with django_assert_num_queries(2):  # the record's key and status; its entries
        assert api.get(f"{STATEMENT_URL}history/").status_code == 200
    with django_assert_num_queries(2):  # the slug asked for; a record renamed from it
        assert api.get("/api/v1/statements/zz-never-was/history/").status_code == 404


def test_history_is_one_function_the_pages_call():
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    entries = public_history(Meeting, meeting.pk, using="default")
    assert entries and all(isinstance(entry, Change) for entry in entries)
    assert [entry.id for entry in entries] == sorted(entry.id for entry in entries)
    assert {entry.object_id for entry in entries} == {meeting.pk}
    assert public_history(Actor, -1) == []
    assert reverse("api:meeting-history", kwargs={"slug": meeting.slug}).endswith("/history/")
