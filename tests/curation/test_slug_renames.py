"""A slug can be corrected: a rename, with the publish right, by the admin, the write API
or the fixtures (``former_slugs``). The old slug then redirects for whoever saw the record
under it; a write to it is a conflict naming the new one; the feeds keep their ids, the
change feed says what happened, and a mirror kept by ``bin/sync-changes`` follows.
"""

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from rest_framework.test import APIClient

from api.snapshot_export import last_removal
from diplomacy import services
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import Change, FormerSlug, Meeting, Statement
from tests.api.helpers import assert_problem
from tests.api.test_feeds import alternate, atom, calendar, events, meeting_url
from tests.conftest import token_client
from tests.curation.test_admin import admin_url

pytestmark = pytest.mark.django_db

OLD, NEW = "wang-yi-cohen-call", "wang-yi-eli-cohen-call"
OLD_URL, NEW_URL = f"/api/v1/meetings/{OLD}/", f"/api/v1/meetings/{NEW}/"


def rename(client, url: str, slug: str):
    body = {"slug": slug, "correction_note": "A clearer slug."}
    return client.patch(url, body, format="json")


@pytest.fixture
def renamed(editor):
    response = rename(token_client(editor), OLD_URL, NEW)
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == NEW
    assert response["Location"] == f"http://testserver{NEW_URL}"
    return response


def draft_meeting(client, slug: str):
    body = {
        "slug": slug,
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
    response = client.post("/api/v1/meetings/", body, format="json")
    assert response.status_code == 201, response.content


# Who may rename


def test_renaming_takes_the_publish_right_even_for_a_draft(curator):
    client = token_client(curator)
    draft_meeting(client, "zz-draft-to-rename")
    refused = rename(client, "/api/v1/meetings/zz-draft-to-rename/", "zz-renamed")
    assert "publish permission" in assert_problem(refused, 403)["detail"]
    refused = rename(client, OLD_URL, NEW)
    assert_problem(refused, 403)
    assert Meeting.objects.filter(slug=OLD).exists()
    assert not FormerSlug.objects.filter(slug__startswith="zz-").exists()


def test_anonymous_and_rightless_clients_cannot_rename(api, reader):
    assert_problem(rename(api, OLD_URL, NEW), 401)
    assert_problem(rename(token_client(reader), OLD_URL, NEW), 403)
    assert Meeting.objects.filter(slug=OLD).exists()


# The old address


@pytest.mark.parametrize(
    ("address", "accept", "moved_to"),
    [
        (OLD_URL, "application/json", NEW_URL),
        (OLD_URL, "text/html", NEW_URL),
        (f"/api/v1/meetings/{OLD}.csv", "*/*", f"/api/v1/meetings/{NEW}.csv"),
        (f"/api/v1/meetings/{OLD}.json", "*/*", f"/api/v1/meetings/{NEW}.json"),
        (f"/api/v1/meetings/{OLD}.ndjson", "*/*", f"/api/v1/meetings/{NEW}.ndjson"),
    ],
)
def test_the_old_slug_redirects_permanently_in_every_format(
    api, renamed, address, accept, moved_to
):
    for method in (api.get, api.head):
        response = method(address, HTTP_ACCEPT=accept)
        assert response.status_code == 301
        assert response["Location"] == f"http://testserver{moved_to}"
        assert response["Cache-Control"] == "max-age=3600"
    followed = api.get(moved_to, HTTP_ACCEPT=accept)
    assert followed.status_code == 200
    assert NEW.encode() in followed.content and OLD.encode() not in followed.content


def test_a_redirect_costs_two_queries(api, renamed, django_assert_num_queries):
    with django_assert_num_queries(2):  # the slug asked for; the record renamed from it
        assert api.get(OLD_URL).status_code == 301


def test_a_write_to_the_old_slug_is_a_conflict_naming_the_new_one(renamed, editor):
    client = token_client(editor)
    for response in (
        client.patch(OLD_URL, {"summary": "Edited."}, format="json"),
        client.delete(OLD_URL),
    ):
        body = assert_problem(response, 409)
        assert NEW in body["detail"]
    assert Meeting.objects.get(slug=NEW).summary != "Edited."


def test_an_unknown_slug_is_still_a_404(api, renamed):
    assert_problem(api.get("/api/v1/meetings/never-was-a-slug/"), 404)


def test_renaming_back_makes_the_old_slug_the_address_again(api, renamed, editor):
    back = rename(token_client(editor), NEW_URL, OLD)
    assert back.status_code == 200, back.content
    assert api.get(OLD_URL).status_code == 200
    moved = api.get(NEW_URL)
    assert moved.status_code == 301 and moved["Location"].endswith(OLD_URL)


# What the public may learn


def test_renaming_a_draft_leaves_no_public_trace(api, editor):
    client = token_client(editor)
    draft_meeting(client, "zz-secret-draft")
    before = Change.objects.count()
    assert rename(client, "/api/v1/meetings/zz-secret-draft/", "zz-public-name").status_code == 200
    assert Change.objects.count() == before  # the feed saw nothing
    unknown = api.get("/api/v1/meetings/zz-never-existed/")
    hidden = api.get("/api/v1/meetings/zz-secret-draft/")
    assert hidden.status_code == 404 and hidden.json()["detail"] == unknown.json()["detail"]
    # The curator follows it.
    assert client.get("/api/v1/meetings/zz-secret-draft/").status_code == 301
    # Published under its new name, its draft name still leads nowhere for the public.
    published = client.patch(
        "/api/v1/meetings/zz-public-name/", {"status": "published"}, format="json"
    )
    assert published.status_code == 200, published.content
    assert api.get("/api/v1/meetings/zz-public-name/").status_code == 200
    assert api.get("/api/v1/meetings/zz-secret-draft/").status_code == 404


def test_a_deleted_record_leaves_its_former_slugs_taken_and_leading_nowhere(api, editor):
    client, url = token_client(editor), "/api/v1/meetings/zz-to-delete/"
    draft_meeting(client, "zz-to-delete")
    assert client.patch(url, {"status": "published"}, format="json").status_code == 200
    assert rename(client, url, "zz-renamed").status_code == 200
    assert api.get(url).status_code == 301
    assert client.delete("/api/v1/meetings/zz-renamed/").status_code == 204
    assert api.get(url).status_code == 404
    assert client.get(url).status_code == 404
    # Another record never takes it: its old links, and feed entry id, stay the other's.
    body = {
        "slug": "zz-to-delete",
        "title": "Another meeting",
        "format": "phone",
        "date_precision": "unknown",
        "citations": [
            {
                "source": "china-leads-push-for-ceasefire",
                "excerpt": "the Chinese Vice President Han Zheng met with the delegation",
            }
        ],
    }
    taken = client.post("/api/v1/meetings/", body, format="json")
    assert "deleted" in assert_problem(taken, 409)["detail"]


def test_a_former_slug_is_never_given_to_another_record(renamed, editor):
    client = token_client(editor)
    body = {
        "slug": OLD,
        "title": "Another meeting",
        "format": "phone",
        "date_precision": "unknown",
        "citations": [
            {
                "source": "china-leads-push-for-ceasefire",
                "excerpt": "the Chinese Vice President Han Zheng met with the delegation",
            }
        ],
    }
    taken = client.post("/api/v1/meetings/", body, format="json")
    assert NEW in assert_problem(taken, 409)["detail"]
    other = rename(client, "/api/v1/meetings/beijing-arab-islamic-ministers-2023-11-20/", OLD)
    assert_problem(other, 409)
    occupied = rename(client, NEW_URL, "beijing-arab-islamic-ministers-2023-11-20")
    assert_problem(occupied, 409)


def test_a_retracted_record_keeps_its_slug(editor):
    client = token_client(editor)
    retract = {"status": "retracted", "retraction_reason": "Misreported."}
    assert client.patch(OLD_URL, retract, format="json").status_code == 200
    assert_problem(rename(client, OLD_URL, NEW), 400, "slug")


def test_a_slug_that_names_an_address_beside_the_records_is_refused(editor):
    assert_problem(rename(token_client(editor), OLD_URL, "feed"), 400, "slug")


# Feeds and the change feed


def test_the_feed_entry_and_calendar_uid_keep_their_ids_through_a_rename(api, editor):
    entries = atom(api, "/api/v1/meetings/feed/").entries
    (before,) = [e for e in entries if alternate(e) == meeting_url(OLD)]
    uid = events(calendar(api))[meeting_url(OLD)]["UID"]
    rename(token_client(editor), OLD_URL, NEW)
    entries = atom(api, "/api/v1/meetings/feed/").entries
    (after,) = [e for e in entries if alternate(e) == meeting_url(NEW)]
    assert after.id == before.id
    assert not [e for e in entries if alternate(e) == meeting_url(OLD)]
    assert events(calendar(api))[meeting_url(NEW)]["UID"] == uid


def test_the_change_feed_records_the_rename_and_withdraws_nothing(api, editor):
    last, removed = Change.objects.latest("id").id, last_removal()
    shown_in = list(Statement.objects.filter(meeting__slug=OLD, status="published"))
    rename(token_client(editor), OLD_URL, NEW)
    results = api.get("/api/v1/changes/", {"since": last}).json()["results"]
    (entry,) = [entry for entry in results if entry["resource"] == "meetings"]
    assert entry["action"] == "renamed"
    assert (entry["slug"], entry["former_slug"]) == (NEW, OLD)
    assert entry["url"] == f"http://testserver{NEW_URL}"
    # The records showing it show it under its new slug: updated, nothing removed.
    others = [entry for entry in results if entry["resource"] != "meetings"]
    assert {entry["slug"] for entry in others} == {statement.slug for statement in shown_in}
    assert {(entry["action"], entry["former_slug"]) for entry in others} <= {("updated", None)}
    assert last_removal() == removed  # no snapshot is withdrawn


def load_sync_changes():
    path = Path(settings.BASE_DIR) / "bin" / "sync-changes"
    loader = importlib.machinery.SourceFileLoader("sync_changes", str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def test_a_mirror_kept_by_sync_changes_follows_a_rename(tmp_path, monkeypatch, editor):
    sync = load_sync_changes()
    reader = APIClient()

    def get(url: str):
        response = reader.get(url.removeprefix("http://testserver"))
        return response.status_code, response.content

    monkeypatch.setattr(sync, "get", get)
    sync.sync("http://testserver", tmp_path)
    assert (tmp_path / "meetings" / f"{OLD}.json").exists()
    rename(token_client(editor), OLD_URL, NEW)
    done = sync.sync("http://testserver", tmp_path)
    assert not (tmp_path / "meetings" / f"{OLD}.json").exists()
    assert (tmp_path / "meetings" / f"{NEW}.json").exists()
    assert done["removed"] == 0


# The admin and the fixtures


def test_an_editor_renames_in_the_admin_and_a_curator_cannot(client, editor, curator, api):
    meeting = Meeting.objects.get(slug=OLD)
    client.force_login(curator)
    page = client.get(admin_url(Meeting, "change", meeting.pk))
    assert page.status_code == 200 and "slug" not in page.context["adminform"].form.fields
    client.force_login(editor)
    page = client.get(admin_url(Meeting, "change", meeting.pk))
    assert "slug" in page.context["adminform"].form.fields
    meeting.slug = NEW
    services.record_write(meeting, by=editor, fields={}, note="A clearer slug.")
    assert api.get(OLD_URL).status_code == 301


def test_fixtures_with_former_slugs_rename_instead_of_duplicating(fixture_copy, api):
    path = fixture_copy / "meetings.yaml"
    records = yaml.safe_load(path.read_text())
    (record,) = [record for record in records if record["slug"] == OLD]
    record["slug"], record["former_slugs"] = NEW, [OLD]
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False))
    count = Meeting.objects.count()
    load_seed_data(fixture_copy, settings.SEEDS_DIR)
    assert Meeting.objects.count() == count
    assert Meeting.objects.filter(slug=NEW).exists()
    assert api.get(OLD_URL).status_code == 301
    # Loaded again, nothing changes.
    assert load_seed_data(fixture_copy, settings.SEEDS_DIR).updated == []


def test_the_seed_records_renamed_since_earlier_loads_redirect(api):
    moved = api.get("/api/v1/meetings/brics-extraordinary-virtual-summit-2023-11-20/")
    assert moved.status_code == 301
    assert moved["Location"].endswith("/api/v1/meetings/brics-extraordinary-virtual-summit/")
    moved = api.get("/api/v1/resolutions/unsc-brazil-draft-2023-10/")
    assert moved["Location"].endswith("/api/v1/resolutions/unsc-brazil-draft/")


def test_renaming_an_actor_updates_the_records_showing_it_and_withdraws_no_snapshot(api, superuser):
    last, removed = Change.objects.latest("id").id, last_removal()
    url = "/api/v1/actors/riyad-al-maliki/"
    assert rename(token_client(superuser), url, "riyad-al-malki").status_code == 200
    results = api.get("/api/v1/changes/", {"since": last, "page_size": 1000}).json()["results"]
    actions = {(entry["resource"], entry["action"]) for entry in results}
    assert ("actors", "renamed") in actions and ("meetings", "updated") in actions
    assert last_removal() == removed  # his meetings show him still, under his new slug
    meeting = api.get("/api/v1/meetings/wang-yi-al-maliki-call/").json()
    assert "riyad-al-malki" in {part["actor"]["slug"] for part in meeting["participants"]}


def test_a_rename_and_a_retraction_are_two_changes(editor):
    both = {"slug": NEW, "status": "retracted", "retraction_reason": "Misreported."}
    refused = token_client(editor).patch(OLD_URL, both, format="json")
    errors = assert_problem(refused, 400, "slug")["errors"]
    assert any(OLD in error["detail"] for error in errors)
    assert Meeting.objects.get(slug=OLD).status == "published"


def test_a_draft_s_new_slug_is_not_named_to_whoever_takes_its_old_one(editor):
    client = token_client(editor)
    draft_meeting(client, "zz-hidden-old")
    assert rename(client, "/api/v1/meetings/zz-hidden-old/", "zz-hidden-new").status_code == 200
    other = Meeting(slug="zz-hidden-old")
    with pytest.raises(services.SlugTaken) as refusal:
        services.record_write(other, by=services.LOADER, fields={})
    assert "zz-hidden-new" not in str(refusal.value)


def test_options_on_a_csv_address_describes_it_as_json(api):
    for url in ("/api/v1/meetings.csv", f"/api/v1/meetings/{OLD}.csv"):
        response = api.options(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")


def test_a_hidden_record_costs_what_a_missing_one_does(api, editor, django_assert_num_queries):
    draft_meeting(token_client(editor), "zz-draft-timing")
    with django_assert_num_queries(2):
        assert api.get("/api/v1/meetings/zz-draft-timing/").status_code == 404
    with django_assert_num_queries(2):
        assert api.get("/api/v1/meetings/zz-never-was/").status_code == 404
