"""What an editor no longer types or looks up in the admin: a precision the days give, a
statement's days its meeting gives, aliases as lines, titles and trip labels in use offered,
slugs written from titles; what the admin shows by name instead of by key; and who may do
what (curators mark coverage; a retraction asks for its reason on a page of its own)."""

import io

import pytest
from django.core.management import call_command

from diplomacy.models import Actor, CoverageNote, Meeting, Source, Statement
from tests.curation.test_admin import admin_url, inline, meeting_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_a_precision_left_empty_is_worked_out_from_the_days(admin_client):
    form = meeting_form("Wang Yi met Ayman Safadi in Beijing on Tuesday")
    form |= {"date_start": "2024-04-01", "date_end": "2024-04-03", "date_precision": ""}
    response = admin_client.post(admin_url(Meeting, "add"), form)
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get(slug=form["slug"])
    assert meeting.date_precision == "week"
    add = admin_client.get(admin_url(Meeting, "add")).content.decode()
    assert "worked out from the days" in add


def test_a_statement_said_at_a_meeting_takes_its_days_when_given_none(admin_client):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    source = meeting.citations.first().source
    quote = "Every country has the right to self-defense"
    data = {
        "slug": "wang-yi-self-defense-again",
        "speaker": Actor.objects.get(slug="wang-yi").pk,
        "kind": "paraphrase",
        "text": "Every country has the right to self-defense but should protect civilians.",
        "meeting": meeting.pk,
        "date_start": "",
        "date_end": "",
        "date_precision": "",
        "date_note": "",
        "attestation": "reported",
        **inline("addressees", []),
        **inline("citations", [{"source": source.pk, "excerpt": quote}]),
    }
    response = admin_client.post(admin_url(Statement, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    statement = Statement.objects.get(slug="wang-yi-self-defense-again")
    assert (statement.date_start, statement.date_end, statement.date_precision) == (
        meeting.date_start,
        meeting.date_end,
        meeting.date_precision,
    )
    assert statement.date_note.startswith("As its meeting")


def test_aliases_are_lines_and_slugs_come_from_names(admin_client):
    page = admin_client.get(admin_url(Actor, "add"))
    assert page.context["prepopulated_fields"][0]["field"].name == "slug"
    data = {
        "slug": "hakan-fidan",
        "name": "Hakan Fidan",
        "kind": "person",
        "aliases": "Fidan\nTurkish Foreign Minister Hakan Fidan\n",
        "country": "TR",
        "description": "",
        **inline("positions", []),
    }
    data["positions-TOTAL_FORMS"] = "0"
    response = admin_client.post(admin_url(Actor, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Actor.objects.get(slug="hakan-fidan").aliases == [
        "Fidan",
        "Turkish Foreign Minister Hakan Fidan",
    ]
    shown = admin_client.get(admin_url(Actor, "change", Actor.objects.get(slug="wang-yi").pk))
    assert "Enter a valid JSON" not in shown.content.decode()


def test_trip_labels_and_titles_in_use_are_offered(admin_client):
    Meeting.objects.filter(slug="wang-yi-cohen-call").update(trip="Zhai Jun's Gulf tour")
    page = admin_client.get(admin_url(Meeting, "add")).content.decode()
    assert '<option value="Zhai Jun&#x27;s Gulf tour">' in page
    assert 'list="id_trip-in-use"' in page
    assert '<option value="Foreign Minister">' in page  # participants' titles in use


def test_rows_are_named_by_actors_and_words_not_keys(admin_client):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    page = admin_client.get(admin_url(Meeting, "change", meeting.pk)).content.decode()
    assert "Eli Cohen, participant" in page
    assert " as participant" not in page
    assert "“Every country has the right to self-defense" in page  # a citation, by its words
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "diplomacy",
            "model_name": "statement",
            "field_name": "meeting",
            "term": "Cohen",
        },
    ).json()["results"]
    assert any(str(meeting.date_start) in item["text"] for item in found)  # meetings by day
    statements = admin_client.get(admin_url(Statement, "changelist")).content.decode()
    assert "Wang Yi: “" in statements


def test_the_main_fields_come_first(admin_client):
    form = admin_client.get(admin_url(Source, "add")).context["adminform"].form
    assert list(form.fields)[:2] == ["title", "text"]
    form = admin_client.get(admin_url(Statement, "add")).context["adminform"].form
    assert list(form.fields)[:3] == ["speaker", "kind", "text"]


def test_a_retraction_asks_for_its_reason_on_a_page_of_its_own(admin_client, api):
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    url = admin_url(Meeting, "changelist")
    changelist = admin_client.get(url).content.decode()
    assert "Retraction reason" not in changelist  # no box beside Publish
    asked = admin_client.post(url, {"action": "retract", "_selected_action": [meeting.pk]})
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    admin_client.post(
        url,
        {
            "action": "retract",
            "_selected_action": [meeting.pk],
            "confirm": "yes",
            "reason": "Misdated.",
        },
    )
    assert api.get("/api/v1/meetings/wang-yi-cohen-call/").status_code == 410


def test_curators_mark_coverage(client, curator):
    client.force_login(curator)
    assert client.get(admin_url(CoverageNote, "add")).status_code == 200
    source = Source.objects.get(slug="wang-kejian-meets-haniyeh")
    words = source.text.splitlines()[0][:40]
    response = client.post(
        admin_url(CoverageNote, "add"),
        {"source": source.pk, "excerpt": words, "mark": "dateline", "reason": "The dateline."},
    )
    assert response.status_code == 302
    assert CoverageNote.objects.filter(source=source, mark="dateline").exists()


def test_create_curator_sets_a_password_from_standard_input(client, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase-42\n"))
    out, err = io.StringIO(), io.StringIO()
    call_command("create_curator", "newcomer", "--password-stdin", stdout=out, stderr=err)
    assert out.getvalue().strip()  # the API token
    response = client.post(
        "/admin/login/",
        {"username": "newcomer", "password": "a-long-enough-passphrase-42", "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    with pytest.raises(Exception, match="too short"):
        call_command("create_curator", "weak", "--password-stdin", stdout=out, stderr=err)
    assert not Actor.objects.filter(name="weak").exists()
