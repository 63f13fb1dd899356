import base64
import hashlib

import pytest
from django.core.management import call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

from diplomacy.models import Citation, Meeting, Participation, Statement
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

ARTICLE = "china-leads-push-for-ceasefire"


def new_meeting(**changes) -> dict:
    body = {
        "slug": "han-zheng-meets-delegation-again",
        "title": "Han Zheng meets the Arab-Islamic delegation",
        "format": "in_person",
        "date_start": "2023-11-20",
        "date_end": "2023-11-20",
        "date_precision": "day",
        "date_note": "'On the same day' as the Monday summit; article dated 21 November 2023.",
        "location": {"name": "Beijing", "country": "CN"},
        "participants": [
            {"actor": "han-zheng", "role": "host", "title": "Vice President"},
            {
                "actor": "ayman-safadi",
                "role": "guest",
                "identification": "inferred",
                "identification_note": "The delegation's members are named in the next sentence.",
            },
        ],
        "topics": ["peace-conference"],
        "citations": [
            {
                "source": ARTICLE,
                "excerpt": "the Chinese Vice President Han Zheng met with the delegation",
            }
        ],
    }
    return body | changes


def test_a_curator_adds_a_meeting_as_a_draft_with_computed_offsets(curator):
    client = token_client(curator)

    response = client.post("/api/v1/meetings/", new_meeting(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert [p["actor"]["slug"] for p in body["participants"]] == ["han-zheng", "ayman-safadi"]
    (citation,) = body["citations"]
    text = client.get(f"/api/v1/sources/{ARTICLE}/").json()["text"]
    assert text[citation["start"] : citation["end"]] == citation["excerpt"]


def test_a_draft_is_hidden_from_the_public_until_published(api, curator, editor):
    token_client(curator).post("/api/v1/meetings/", new_meeting(), format="json")
    url = "/api/v1/meetings/han-zheng-meets-delegation-again/"

    assert_problem(api.get(url), 404)
    assert "han-zheng-meets-delegation-again" not in str(
        api.get("/api/v1/meetings/", {"page_size": 200}).json()
    )

    published = token_client(editor).patch(url, {"status": "published"}, format="json")

    assert published.status_code == 200, published.content
    assert api.get(url).json()["status"] == "published"
    listed = api.get("/api/v1/meetings/", {"actor": "han-zheng"}).json()["results"]
    assert "han-zheng-meets-delegation-again" in [m["slug"] for m in listed]


def test_a_curator_without_the_publish_permission_cannot_publish(curator):
    response = token_client(curator).post(
        "/api/v1/meetings/", new_meeting(status="published"), format="json"
    )
    assert_problem(response, 403)
    assert not Meeting.objects.filter(slug="han-zheng-meets-delegation-again").exists()


def test_a_retracted_record_answers_410_with_its_reason(api, editor):
    client = token_client(editor)
    url = "/api/v1/meetings/wang-yi-cohen-call/"

    refused = client.patch(url, {"status": "retracted"}, format="json")
    assert_problem(refused, 400, "retraction_reason")
    client.patch(url, {"status": "retracted", "retraction_reason": "Misdated."}, format="json")

    body = assert_problem(api.get(url), 410)
    assert "Misdated." in body["detail"]
    assert "wang-yi-cohen-call" not in [
        m["slug"] for m in api.get("/api/v1/meetings/", {"page_size": 200}).json()["results"]
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"citations": [{"source": ARTICLE, "excerpt": "Han Zheng danced"}]},
            "citations.0.excerpt",
        ),
        ({"citations": [{"source": "no-such-article", "excerpt": "x"}]}, "citations.0.source"),
        ({"citations": []}, "citations"),
        ({"date_end": "2023-11-19"}, "date_end"),
        ({"format": "telepathy"}, "format"),
        ({"participants": [{"actor": "nobody", "role": "host"}]}, "participants.0.actor"),
        ({"participants": [{"actor": "han-zheng", "role": "king"}]}, "participants.0.role"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
        ({"seed_digest": "x"}, "seed_digest"),
    ],
)
def test_an_invalid_write_is_a_400_naming_the_field_and_writes_nothing(curator, change, field):
    before = (Meeting.objects.count(), Participation.objects.count(), Citation.objects.count())

    response = token_client(curator).post("/api/v1/meetings/", new_meeting(**change), format="json")

    assert_problem(response, 400, field)
    assert (
        Meeting.objects.count(),
        Participation.objects.count(),
        Citation.objects.count(),
    ) == before


def test_a_bad_citation_in_an_update_leaves_the_record_whole(editor):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    before = list(meeting.participations.values_list("actor__slug", flat=True))

    response = token_client(editor).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {
            "title": "Changed",
            "participants": [{"actor": "han-zheng", "role": "host"}],
            "citations": [{"source": ARTICLE, "excerpt": "words nobody wrote"}],
            "correction_note": "Han Zheng hosted.",
        },
        format="json",
    )

    assert_problem(response, 400, "citations.0.excerpt")
    meeting.refresh_from_db()
    assert meeting.title != "Changed"
    assert list(meeting.participations.values_list("actor__slug", flat=True)) == before


def test_a_quote_must_be_verbatim_in_its_citation(curator):
    body = {
        "slug": "han-zheng-quote",
        "speaker": "han-zheng",
        "kind": "quote",
        "text": "China greatly values the peace efforts",
        "date_precision": "unknown",
        "citations": [
            {
                "source": ARTICLE,
                "excerpt": "He affirmed that China greatly values the peace efforts",
            }
        ],
    }
    response = token_client(curator).post("/api/v1/statements/", body, format="json")

    assert_problem(response, 400, "text")
    assert not Statement.objects.filter(slug="han-zheng-quote").exists()

    body["kind"] = "paraphrase"
    assert token_client(curator).post("/api/v1/statements/", body, format="json").status_code == 201


def test_nested_votes_and_sponsors_are_written_with_a_resolution(curator):
    body = {
        "slug": "unsc-test-resolution",
        "title": "A resolution",
        "body": "unsc",
        "outcome": "vetoed",
        "date_precision": "unknown",
        "sponsors": [{"actor": "brazil"}],
        "votes": [{"actor": "united-states", "position": "no"}],
        "citations": [
            {
                "source": "china-russia-unite-palestinian-rights",
                "excerpt": "the U.S. vetoing a Brazil-drafted resolution",
            }
        ],
    }
    response = token_client(curator).post("/api/v1/resolutions/", body, format="json")

    assert response.status_code == 201, response.content
    (vote,) = response.json()["votes"]
    assert vote["actor"] == {"slug": "united-states", "name": "United States", "kind": "state"}
    assert (
        vote["position"] == "no"
        and vote["named_in_source"] == "china-russia-unite-palestinian-rights"
    )


def test_a_new_source_carries_its_text_and_checksum(curator):
    body = {
        "slug": "new-article",
        "title": "A new article",
        "date_start": "2024-04-01",
        "date_end": "2024-04-01",
        "date_precision": "day",
        "date_note": "Dateline.",
        "text": "Wang Yi met someone.",
    }
    response = token_client(curator).post("/api/v1/sources/", body, format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["sha256"] == hashlib.sha256(b"Wang Yi met someone.").hexdigest()
    assert created["seed_file"] is None
    changed = token_client(curator).patch(
        "/api/v1/sources/new-article/", {"text": "Other."}, format="json"
    )
    assert_problem(changed, 400, "text")


STATEMENT = {
    "slug": "new-statement",
    "speaker": "han-zheng",
    "kind": "paraphrase",
    "text": "China values the peace efforts.",
    "date_precision": "unknown",
    "citations": [{"source": ARTICLE, "excerpt": "Han Zheng met with the delegation"}],
}
# A change to a published record says what it corrects.
NOTE = {"correction_note": "Checked against the sources again."}
WRITES = [
    ("post", "/api/v1/topics/", {"slug": "new-topic", "name": "New"}),
    ("patch", "/api/v1/topics/ceasefire/", {"name": "Ceasefire, truce", **NOTE}),
    (
        "put",
        "/api/v1/topics/ceasefire/",
        {"slug": "ceasefire", "name": "Ceasefire", "description": "", **NOTE},
    ),
    ("post", "/api/v1/actors/", {"slug": "new-actor", "name": "New", "kind": "person"}),
    ("patch", "/api/v1/actors/zhai-jun/", {"aliases": ["Zhai"], **NOTE}),
    ("delete", "/api/v1/actors/hezbollah/", None),
    ("post", "/api/v1/meetings/", new_meeting()),
    ("patch", "/api/v1/meetings/wang-yi-cohen-call/", {"summary": "Edited.", **NOTE}),
    (
        "put",
        "/api/v1/meetings/han-zheng-meets-arab-islamic-ministers/",
        {**new_meeting(slug="han-zheng-meets-arab-islamic-ministers"), **NOTE},
    ),
    ("delete", "/api/v1/meetings/zhai-jun-visits-egypt/", None),
    ("post", "/api/v1/statements/", STATEMENT),
    ("patch", "/api/v1/statements/faisal-message-is-clear/", {"topics": ["ceasefire"], **NOTE}),
    ("delete", "/api/v1/statements/china-denies-xinjiang-allegations/", None),
    ("patch", "/api/v1/resolutions/unsc-first-resolution-2023-11/", {"summary": "Edited.", **NOTE}),
    ("delete", "/api/v1/resolutions/unsc-russia-draft-humanitarian-ceasefire/", None),
    (
        "patch",
        "/api/v1/sources/china-leads-push-for-ceasefire/",
        {"outlet_note": "Checked.", **NOTE},
    ),
]


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_anonymous_clients_cannot_write(api, method, url, body):
    assert_problem(getattr(api, method)(url, body, format="json"), 401)


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_users_without_permissions_cannot_write(reader, method, url, body):
    assert_problem(getattr(token_client(reader), method)(url, body, format="json"), 403)


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_curators_add_drafts_but_change_nothing_the_public_sees(curator, method, url, body):
    response = getattr(token_client(curator), method)(url, body, format="json")
    if method == "post":
        assert response.status_code == 201, response.content
    else:
        assert_problem(response, 403)


def test_a_curator_changes_a_draft_but_not_a_published_record(curator, editor):
    client = token_client(curator)
    client.post("/api/v1/meetings/", new_meeting(), format="json")
    url = "/api/v1/meetings/han-zheng-meets-delegation-again/"

    assert client.patch(url, {"summary": "Drafted."}, format="json").status_code == 200
    token_client(editor).patch(url, {"status": "published"}, format="json")
    refused = assert_problem(client.patch(url, {"summary": "Again."}, format="json"), 403)

    assert "publish permission" in refused["detail"]
    assert Meeting.objects.get(slug="han-zheng-meets-delegation-again").summary == "Drafted."


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_a_superuser_may_do_everything(superuser, method, url, body):
    response = getattr(token_client(superuser), method)(url, body, format="json")
    assert response.status_code in (200, 201, 204), response.content
    if method == "delete":
        assert token_client(superuser).get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/v1/actors/wang-yi/", "meeting wang-yi-cohen-call"),
        ("/api/v1/meetings/wang-yi-cohen-call/", "statement wang-yi-prevent-further-escalation"),
        ("/api/v1/topics/mediation/", "meeting "),
        ("/api/v1/resolutions/unsc-first-resolution-2023-11/", "statement "),
        ("/api/v1/sources/china-leads-push-for-ceasefire/", "meeting "),
    ],
)
def test_deleting_a_record_others_refer_to_is_a_409_naming_them_by_slug(superuser, url, named):
    body = assert_problem(token_client(superuser).delete(url), 409)
    assert named in body["detail"]
    assert token_client(superuser).get(url).status_code == 200


def test_a_curator_with_delete_permission_deletes_a_meeting(editor, api):
    response = token_client(editor).delete("/api/v1/meetings/zhai-jun-visits-egypt/")
    assert response.status_code == 204
    assert_problem(api.get("/api/v1/meetings/zhai-jun-visits-egypt/"), 404)


def test_a_bogus_or_expired_token_is_a_401_even_for_reading(curator):
    bogus = token_client(curator)
    bogus.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_problem(bogus.get("/api/v1/meetings/"), 401)

    instance, token = AuthToken.objects.create(user=curator)
    AuthToken.objects.filter(pk=instance.pk).update(expiry="2000-01-01T00:00:00Z")
    expired = token_client(curator)
    expired.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert_problem(expired.get("/api/v1/meetings/"), 401)


def test_a_token_is_issued_for_a_password_and_stored_hashed(curator, api):
    credentials = base64.b64encode(b"curator:pw-1-long-enough").decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
    response = api.post("/api/v1/auth/token/")

    token = response.json()["token"]
    assert response.status_code == 200 and response.json()["expiry"]
    assert not AuthToken.objects.filter(digest=token).exists()
    assert token_client(curator).get("/api/v1/meetings/").status_code == 200


def test_the_create_curator_command_prints_a_working_token(capsys):
    call_command("create_curator", "newsdesk")
    token = capsys.readouterr().out.strip()

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post(
        "/api/v1/topics/", {"slug": "newsdesk-topic", "name": "N"}, format="json"
    )
    assert response.status_code == 201, response.content


# Optimistic concurrency: ETag and If-Match ----------------------------------------------

MEETING = "/api/v1/meetings/wang-yi-cohen-call/"


def test_a_write_with_a_stale_etag_is_refused_with_412_and_changes_nothing(editor):
    client = token_client(editor)
    read = client.get(MEETING)
    etag = read["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")

    # Someone else changes the record after it was read.
    changed = client.patch(MEETING, {"summary": "First editor.", **NOTE}, format="json")
    assert changed.status_code == 200 and changed["ETag"] != etag

    stale = client.patch(
        MEETING, {"title": "Second editor.", **NOTE}, format="json", HTTP_IF_MATCH=etag
    )
    assert "changed since you read it" in assert_problem(stale, 412)["detail"]
    assert_problem(client.delete(MEETING, HTTP_IF_MATCH=etag), 412)
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    assert meeting.summary == "First editor." and meeting.title != "Second editor."

    # With the current ETag (the one the last write answered with) the write goes through.
    fresh = client.patch(
        MEETING, {"title": "Second editor.", **NOTE}, format="json", HTTP_IF_MATCH=changed["ETag"]
    )
    assert fresh.status_code == 200
    assert client.get(MEETING)["ETag"] == fresh["ETag"]
    anyway = client.patch(MEETING, {"summary": "Any.", **NOTE}, format="json", HTTP_IF_MATCH="*")
    assert anyway.status_code == 200


def test_a_partial_update_writes_only_the_fields_it_changes(editor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = token_client(editor).patch(
            MEETING, {"summary": "Only this.", **NOTE}, format="json"
        )
    assert response.status_code == 200
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "diplomacy_meeting"')]
    assert len(updates) == 1
    assert '"summary"' in updates[0] and '"updated_at"' in updates[0]
    assert '"title"' not in updates[0] and '"date_note"' not in updates[0]


def test_a_duplicate_slug_is_a_409_naming_it(curator):
    client = token_client(curator)
    assert client.post("/api/v1/meetings/", new_meeting(), format="json").status_code == 201
    again = client.post("/api/v1/meetings/", new_meeting(title="Again"), format="json")
    detail = assert_problem(again, 409)["detail"]
    assert "han-zheng-meets-delegation-again" in detail


@pytest.mark.parametrize("header", ["", "{}", "abc", '"unterminated'])
def test_a_malformed_if_match_is_a_400(editor, header):
    response = token_client(editor).patch(
        MEETING, {"summary": "x"}, format="json", HTTP_IF_MATCH=header
    )
    assert_problem(response, 400)
    assert Meeting.objects.get(slug="wang-yi-cohen-call").summary != "x"


def test_a_write_that_changes_nothing_keeps_the_records_etag(editor):
    client = token_client(editor)
    before = client.get(MEETING)
    assert client.patch(MEETING, NOTE, format="json")["ETag"] == before["ETag"]
    same = {"summary": before.json()["summary"], **NOTE}
    assert client.patch(MEETING, same, format="json")["ETag"] == before["ETag"]


def test_a_sources_line_breaks_are_kept_as_line_feeds_and_the_digest_is_of_that_text(curator):
    """A text pasted with CRLF or CR line breaks is stored with LF, nothing else changed (its
    final newline kept), so offsets and the digest are those of the article's own text."""
    given = "Wang Yi met Zhai Jun.\r\nThey spoke of a ceasefire.\rCafé — “ok”.\r\n"
    kept = "Wang Yi met Zhai Jun.\nThey spoke of a ceasefire.\nCafé — “ok”.\n"
    body = {"slug": "crlf-article", "date_precision": "unknown", "text": given}
    response = token_client(curator).post("/api/v1/sources/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["text"] == kept
    assert response.json()["sha256"] == hashlib.sha256(kept.encode()).hexdigest()
    statement = {
        **STATEMENT,
        "slug": "crlf-statement",
        "citations": [{"source": "crlf-article", "excerpt": "Zhai Jun.\r\nThey spoke"}],
    }
    response = token_client(curator).post("/api/v1/statements/", statement, format="json")
    assert response.status_code == 201, response.content
    citation = response.json()["citations"][0]
    assert citation["excerpt"] == "Zhai Jun.\nThey spoke"
    assert kept[citation["start"] : citation["end"]] == citation["excerpt"]
