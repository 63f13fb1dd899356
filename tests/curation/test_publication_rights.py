"""No curator changes what the public sees without the publish right, through any door.

The write API and the admin save through ``diplomacy.services``; each rule is tried
through both, and the public view checked afterwards.
"""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from diplomacy import services
from diplomacy.models import (
    Actor,
    Citation,
    FormerSlug,
    Meeting,
    Position,
    Resolution,
    Source,
)
from tests.api.helpers import assert_problem
from tests.conftest import make_user, token_client
from tests.curation.test_admin import admin_url

pytestmark = pytest.mark.django_db

ARTICLE = "china-leads-push-for-ceasefire"
EXCERPT = "Han Zheng met with the delegation"


def draft_source(**changes) -> Source:
    fields = {
        "slug": "embargoed-article",
        "date_start": "2023-11-22",
        "date_end": "2023-11-22",
        "date_precision": "day",
        "date_note": "Dateline.",
        "text": "Embargoed: Wang Yi met Han Zheng.",
    }
    source = Source(**(fields | changes))
    return services.record_write(source, by=services.LOADER, fields={})


def draft_actor(slug: str = "embargoed-actor") -> Actor:
    return services.record_write(
        Actor(slug=slug, name="Embargoed Actor", kind="person"), by=services.LOADER, fields={}
    )


# The write API -----------------------------------------------------------------------


def test_a_curator_cannot_slip_drafts_into_a_published_meeting(curator, api):
    draft_actor()
    draft_source()
    before = api.get("/api/v1/meetings/wang-yi-cohen-call/").json()

    response = token_client(curator).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {
            "participants": [{"actor": "embargoed-actor", "role": "guest"}],
            "citations": [{"source": "embargoed-article", "excerpt": "Wang Yi met Han Zheng"}],
        },
        format="json",
    )

    body = assert_problem(response, 403)
    assert "publish permission" in body["detail"]
    assert api.get("/api/v1/meetings/wang-yi-cohen-call/").json() == before


def test_an_editor_cannot_make_a_published_record_cite_a_draft_source(editor):
    draft_source()

    response = token_client(editor).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {
            "citations": [{"source": "embargoed-article", "excerpt": "Wang Yi met Han Zheng"}],
            "correction_note": "Cites a new article.",
        },
        format="json",
    )

    body = assert_problem(response, 400, "citations")
    assert "source embargoed-article" in body["errors"][0]["detail"]
    assert not Citation.objects.filter(source__slug="embargoed-article").exists()


def test_publishing_a_record_that_cites_a_draft_source_is_refused_naming_it(curator, editor):
    draft_source()
    body = {
        "slug": "wang-yi-meets-han-zheng",
        "title": "Wang Yi meets Han Zheng",
        "format": "in_person",
        "date_precision": "unknown",
        "citations": [{"source": "embargoed-article", "excerpt": "Wang Yi met Han Zheng"}],
    }
    assert token_client(curator).post("/api/v1/meetings/", body, format="json").status_code == 201

    refused = token_client(editor).patch(
        "/api/v1/meetings/wang-yi-meets-han-zheng/", {"status": "published"}, format="json"
    )

    problem = assert_problem(refused, 400, "citations")
    assert "source embargoed-article" in problem["errors"][0]["detail"]
    assert Meeting.objects.get(slug="wang-yi-meets-han-zheng").status == "draft"


def test_retracting_a_source_that_published_records_cite_is_refused_naming_them(superuser, api):
    response = token_client(superuser).patch(
        f"/api/v1/sources/{ARTICLE}/",
        {"status": "retracted", "retraction_reason": "Unreliable."},
        format="json",
    )

    problem = assert_problem(response, 400, "status")
    assert "meeting han-zheng-meets-arab-islamic-ministers" in problem["errors"][0]["detail"]
    assert api.get(f"/api/v1/sources/{ARTICLE}/").status_code == 200


def test_a_published_statement_needs_a_published_speaker(superuser):
    client = token_client(superuser)
    draft_actor()
    body = {
        "slug": "embargoed-words",
        "speaker": "embargoed-actor",
        "kind": "paraphrase",
        "text": "Words.",
        "date_precision": "unknown",
        "citations": [{"source": ARTICLE, "excerpt": EXCERPT}],
    }
    assert client.post("/api/v1/statements/", body, format="json").status_code == 201

    refused = client.patch(
        "/api/v1/statements/embargoed-words/", {"status": "published"}, format="json"
    )
    assert "actor embargoed-actor" in assert_problem(refused, 400, "speaker")["errors"][0]["detail"]

    retracting = client.patch(
        "/api/v1/actors/wang-yi/",
        {"status": "retracted", "retraction_reason": "Duplicate."},
        format="json",
    )
    assert "statement " in assert_problem(retracting, 400, "status")["errors"][0]["detail"]


def test_deleting_a_sponsor_is_refused_and_the_resolution_keeps_it(superuser, api):
    resolution = Resolution.objects.filter(sponsors__isnull=False).first()
    sponsor = resolution.sponsors.first()
    updated_at = resolution.updated_at
    Actor.objects.filter(pk=sponsor.pk).update(status="draft")  # no other reference needed

    response = token_client(superuser).delete(f"/api/v1/actors/{sponsor.slug}/")

    assert f"resolution {resolution.slug}" in assert_problem(response, 409)["detail"]
    resolution.refresh_from_db()
    assert sponsor in resolution.sponsors.all() and resolution.updated_at == updated_at


def test_a_slug_changes_only_by_a_rename_with_the_publish_right(curator):
    actor = Actor.objects.get(slug="wang-yi")
    actor.slug = "wang-yi-renamed"
    with pytest.raises(PermissionDenied, match="publish permission"):
        services.record_write(actor, by=curator, fields={})
    services.record_write(actor, by=services.LOADER, fields={})
    assert FormerSlug.objects.filter(resource="actors", slug="wang-yi", object_id=actor.pk).exists()


# The admin -----------------------------------------------------------------------------


def test_the_admin_shows_a_published_record_read_only_to_a_curator(client, curator):
    client.force_login(curator)
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    draft = draft_actor()

    page = client.get(admin_url(Meeting, "change", meeting.pk))
    posted = client.post(admin_url(Meeting, "change", meeting.pk), {"title": "Vandalised"})

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert posted.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).title != "Vandalised"
    assert client.get(admin_url(Actor, "change", draft.pk)).context["has_change_permission"]


@pytest.mark.parametrize("publisher", [False, True])
def test_reverting_history_that_changes_status_needs_the_publish_right(client, publisher):
    actor = Actor.objects.get(slug="hezbollah")
    published_version = actor.history.earliest()
    services.record_set_status(actor, "retracted", "Duplicate.", by=services.LOADER)
    user = make_user(
        "reverter",
        groups=["curators"],
        permissions=["diplomacy.publish_actor"] if publisher else [],
    )
    client.force_login(user)
    url = reverse("admin:diplomacy_actor_simple_history", args=[actor.pk, published_version.pk])

    client.post(
        url,
        {
            "slug": published_version.slug,
            "name": published_version.name,
            "kind": published_version.kind,
            "aliases": "[]",
            "country": published_version.country or "",
            "description": published_version.description,
            "affiliation": published_version.affiliation_id or "",
        },
    )

    actor.refresh_from_db()
    assert actor.status == ("published" if publisher else "retracted")


def test_the_text_of_a_cited_source_cannot_change_in_the_admin(admin_client):
    source = Source.objects.get(slug=ARTICLE)
    form = source_form(source, text=source.text.replace("Han Zheng", "Han Zhang"))
    form["correction_note"] = "A misspelt name."

    response = admin_client.post(admin_url(Source, "change", source.pk), form)

    assert response.status_code == 200
    assert "The text of a cited source cannot change" in str(
        response.context["adminform"].form.errors
    )
    assert Source.objects.get(pk=source.pk).text == source.text


def source_form(source: Source, **changes) -> dict:
    fields = ["slug", "title", "outlet", "outlet_note", "date_start", "date_end"]
    fields += ["date_precision"]
    fields += ["date_note", "text", "url"]
    values = {name: getattr(source, name) or "" for name in fields}
    values["date_start"], values["date_end"] = str(source.date_start), str(source.date_end)
    return values | changes


def test_a_source_added_in_the_admin_gets_its_digest_and_can_be_published(admin_client, api):
    text = "Beijing, 2 April 2024. Wang Yi spoke."
    day = datetime.date(2024, 4, 2)
    form = source_form(Source(date_start=day, date_end=day, date_precision="day", text=text))
    form |= {"slug": "admin-article", "date_note": "Dateline."}

    response = admin_client.post(admin_url(Source, "add"), form)

    assert response.status_code == 302, response.context and response.context["errors"]
    source = Source.objects.get(slug="admin-article")
    assert source.sha256 == hashlib.sha256(text.encode()).hexdigest()
    admin_client.post(
        admin_url(Source, "changelist"),
        {"action": "publish", "_selected_action": [source.pk], "reason": ""},
    )
    assert api.get("/api/v1/sources/admin-article/").json()["sha256"] == source.sha256

    uncited = source_form(Source.objects.get(pk=source.pk), text=text + " Again.")
    uncited["correction_note"] = "The article's last sentence was missing."
    admin_client.post(admin_url(Source, "change", source.pk), uncited)
    assert (
        Source.objects.get(pk=source.pk).sha256
        == hashlib.sha256(f"{text} Again.".encode()).hexdigest()
    )


def test_a_position_needs_a_citation_in_the_admin_too(admin_client):
    form = {
        "slug": "wang-yi-new-post",
        "title": "New post",
        "actor": Actor.objects.get(slug="wang-yi").pk,
        "date_precision": "unknown",
        "tenure": "unknown",
        "note": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }

    response = admin_client.post(admin_url(Position, "add"), form)

    assert response.status_code == 200
    assert "A record needs at least one citation." in str(response.context["adminform"].form.errors)
    assert not Position.objects.filter(slug="wang-yi-new-post").exists()
    actor_page = admin_client.get(admin_url(Actor, "change", Actor.objects.get(slug="wang-yi").pk))
    positions = next(
        inline
        for inline in actor_page.context["inline_admin_formsets"]
        if inline.opts.model is Position
    )
    assert not positions.has_add_permission and not positions.has_change_permission


def test_the_admin_keeps_a_slug_from_whoever_may_not_rename(client, curator):
    client.force_login(curator)
    draft = draft_actor()  # a curator may change it, but not rename it
    page = client.get(admin_url(Actor, "change", draft.pk))
    assert page.context["has_change_permission"]
    assert "slug" not in page.context["adminform"].form.fields


def test_deleting_in_the_admin_is_refused_while_other_records_refer(admin_client):
    resolution = Resolution.objects.filter(sponsors__isnull=False).first()
    sponsor = resolution.sponsors.first()

    page = admin_client.get(admin_url(Actor, "delete", sponsor.pk))
    admin_client.post(admin_url(Actor, "delete", sponsor.pk), {"post": "yes"})

    assert f"resolution {resolution.slug}" in page.content.decode()
    assert sponsor in Resolution.objects.get(pk=resolution.pk).sponsors.all()
