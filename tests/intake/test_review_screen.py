"""The editor's review screen in the admin, without a browser: who may reach it, what a
saved form decides, what publishing the article does and refuses, and what it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.models import Actor, Meeting, Source, Statement
from intake.models import Intake, Proposal
from intake.services import intake_article, intake_publish, proposal_accept
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Wang Yi meets Zara Quillfeather\n\n"
    "BEIJING, 12 March 2024 - Chinese Foreign Minister Wang Yi met Jordanian Ambassador "
    "Zara Quillfeather in Beijing on Monday.\n"
    '"The fighting must stop at once," Wang said during the meeting.\n'
    "The two sides also discussed trade.\n"
)


@pytest.fixture
def publisher():
    from django.contrib.auth.models import Permission

    user = make_user("publisher", groups=["curators"])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="diplomacy", codename__startswith="publish_"
        )
    )
    return user


@pytest.fixture
def taken(publisher) -> Intake:
    return intake_article(by=publisher, text=ARTICLE)


def accept_all(intake: Intake, by) -> None:
    for p in intake.proposals.order_by("id"):
        p.refresh_from_db()
        if p.status == "proposed":  # not accepted already with a record that needed it
            proposal_accept(p, corrections={}, by=by)


def review_url(intake: Intake) -> str:
    return f"/admin/intake/intake/{intake.pk}/review/"


def proposal(intake: Intake, kind: str, **data) -> Proposal:
    return next(
        p
        for p in intake.proposals.filter(kind=kind)
        if all(p.data.get(key) == value for key, value in data.items())
    )


def decisions(intake: Intake, accept: list[Proposal], reject: dict[Proposal, str]) -> dict:
    form = {"action": "decide"}
    for p in accept:
        form[f"p{p.pk}-decision"] = "accept"
    for p, reason in reject.items():
        form |= {f"p{p.pk}-decision": "reject", f"p{p.pk}-reason": reason}
    return form


def test_only_signed_in_curators_reach_the_screens(client, taken, curator):
    for url in ("/admin/intake/intake/add/", review_url(taken)):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user("nobody"))
    assert client.get(review_url(taken)).status_code in (302, 403)
    client.force_login(curator)
    assert client.get(review_url(taken)).status_code == 200
    assert client.get("/admin/intake/intake/add/").status_code == 200


def test_pasting_an_article_lands_on_its_review_with_its_words_highlighted(client, curator):
    client.force_login(curator)
    response = client.post("/admin/intake/intake/add/", {"text": ARTICLE}, follow=True)
    intake = Intake.objects.get()
    assert response.redirect_chain[-1][0] == review_url(intake)
    page = response.content.decode()
    meeting = proposal(intake, "meeting")
    assert f'id="p{meeting.pk}"' in page and f'href="#p{meeting.pk}"' in page
    assert "Zara Quillfeather: a new person" in page
    # The same text again is refused, with a link to the review it already has.
    again = client.post("/admin/intake/intake/add/", {"text": ARTICLE}, follow=True)
    assert "already" in again.content.decode() and review_url(intake) in again.content.decode()


def test_saved_decisions_write_drafts_in_order_with_what_they_need(client, taken, publisher):
    client.force_login(publisher)
    meeting = proposal(taken, "meeting")
    quote = proposal(taken, "statement", mode="quote")
    dated = proposal(taken, "source", date_start="2024-03-12")
    form = decisions(taken, accept=[quote, meeting, dated], reject={})
    part = next(
        i for i, p in enumerate(meeting.data["participants"]) if p.get("actor") == "wang-yi"
    )
    form[f"p{meeting.pk}-part{part}-role"] = "host"
    response = client.post(review_url(taken), form, follow=True)
    assert response.status_code == 200
    written = Meeting.objects.get(slug=Proposal.objects.get(pk=meeting.pk).record_slug)
    roles = {p.actor.name: p.role for p in written.participations.select_related("actor")}
    assert roles == {"Wang Yi": "host", "Zara Quillfeather": "participant"}
    # The new person the meeting names was accepted with it: a draft actor.
    assert Actor.objects.get(name="Zara Quillfeather").status == "draft"
    said = Statement.objects.get(slug=Proposal.objects.get(pk=quote.pk).record_slug)
    assert said.meeting == written and said.date_start == written.date_start  # "during the meeting"
    assert Source.objects.get(pk=taken.source.pk).date_precision == "day"


def test_a_rejection_keeps_its_reason_and_a_refused_acceptance_names_why(client, taken, publisher):
    client.force_login(publisher)
    meeting = proposal(taken, "meeting")
    trade = [
        p for p in taken.proposals.all() if p.kind == "actor" and p.data.get("name") == "Jordan"
    ]
    form = decisions(taken, accept=[meeting], reject={})
    form[f"p{meeting.pk}-date_start"] = "2024-03-20"  # after its end: the rules refuse it
    form[f"p{meeting.pk}-date_end"] = "2024-03-11"
    for p in trade:
        form |= {f"p{p.pk}-decision": "reject", f"p{p.pk}-other_reason": "Only an adjective."}
    response = client.post(review_url(taken), form, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"proposal {meeting.pk}</a> not decided" in m for m in shown), shown
    assert Proposal.objects.get(pk=meeting.pk).status == "proposed"
    for p in trade:
        assert Proposal.objects.get(pk=p.pk).reason == "Only an adjective."


def test_publishing_waits_for_every_decision_then_publishes_all_or_nothing(taken, publisher):
    with pytest.raises(Exception, match="undecided"):
        intake_publish(taken, by=publisher)
    accept_all(taken, publisher)
    # A participant retracted meanwhile: nothing is published, and the refusal names it.
    Actor.objects.filter(name="Zara Quillfeather").update(status="retracted", retraction_reason="X")
    with pytest.raises(Exception, match="Retracted since accepted: actor zara-quillfeather"):
        intake_publish(taken, by=publisher)
    assert Source.objects.get(pk=taken.source.pk).status == "draft"
    Actor.objects.filter(name="Zara Quillfeather").update(status="draft", retraction_reason="")
    records = intake_publish(taken, by=publisher)
    assert {r.status for r in records} == {"published"}
    assert Actor.objects.get(name="Zara Quillfeather").status == "published"


def test_a_curator_without_the_publish_right_cannot_publish(client, taken, curator):
    accept_all(taken, curator)
    client.force_login(curator)
    page = client.get(review_url(taken)).content.decode()
    assert 'value="publish"' not in page
    response = client.post(review_url(taken), {"action": "publish"}, follow=True)
    assert "Nothing was published" in response.content.decode()
    assert Source.objects.get(pk=taken.source.pk).status == "draft"


def test_the_preview_shows_the_records_as_the_api_will(client, taken, publisher):
    meeting = proposal(taken, "meeting")
    proposal_accept(meeting, corrections={}, by=publisher)
    client.force_login(publisher)
    page = client.get(review_url(taken)).content.decode()
    assert "The records, as the public API will show them" in page
    assert f"meeting <code>{Proposal.objects.get(pk=meeting.pk).record_slug}</code>" in page
    assert "&quot;participants&quot;" in page


def test_sentences_no_proposal_covers_are_offered_for_marks(client, taken, publisher):
    client.force_login(publisher)
    page = client.get(review_url(taken))
    marks = {item["sentence"].text: item["suggested"] for item in page.context["marks"]}
    assert marks == {
        "Wang Yi meets Zara Quillfeather": "headline",
        "The two sides also discussed trade.": "",
    }
    start = next(s.start for s in (i["sentence"] for i in page.context["marks"]))
    client.post(review_url(taken), {"action": "decide", f"mark-{start}": "headline"})
    note = taken.source.coverage_notes.get()
    assert (note.mark, note.excerpt) == ("headline", "Wang Yi meets Zara Quillfeather")


def test_the_review_page_reads_in_a_bounded_number_of_queries(client, taken, publisher):
    client.force_login(publisher)
    client.get(review_url(taken))  # sessions, permissions: read once
    with CaptureQueriesContext(connection) as few:
        client.get(review_url(taken))
    accept_all(taken, publisher)
    with CaptureQueriesContext(connection) as decided:
        client.get(review_url(taken))
    # One query for each kind of record, not for each proposal; one for each new actor's
    # candidates in the record.
    # (and one each for the record's actors and the posts' titles in use, to pick from).
    assert len(few) <= 16, [q["sql"][:80] for q in few]
    assert len(decided) <= 28, [q["sql"][:80] for q in decided]


def test_a_refusal_midway_publishes_nothing_and_names_the_record(taken, publisher, monkeypatch):
    from django.core.exceptions import ValidationError

    from diplomacy import services

    accept_all(taken, publisher)
    publish = services.record_set_status

    def refusing(record, status, *args, **kwargs):
        if isinstance(record, Meeting):
            raise ValidationError({"status": "Refused for the test."})
        return publish(record, status, *args, **kwargs)

    monkeypatch.setattr(services, "record_set_status", refusing)
    with pytest.raises(ValidationError, match="meeting .*: Refused for the test"):
        intake_publish(taken, by=publisher)
    assert Source.objects.get(pk=taken.source.pk).status == "draft"  # published first, undone
    assert Actor.objects.get(name="Zara Quillfeather").status == "draft"


def test_a_new_name_close_to_a_known_actor_offers_it_first(client, publisher):
    text = "Jordanian Ambassador Ayman Quillfeather met Wang Yi in Beijing on 11 March 2024."
    intake = intake_article(by=publisher, text=text)
    client.force_login(publisher)
    page = client.get(review_url(intake)).content.decode()
    assert "Already in the record?" in page
    assert "Ayman Safadi (person), already in the record" in page
    new = proposal(intake, "actor", name="Ayman Quillfeather")
    safadi = Actor.objects.get(slug="ayman-safadi")
    client.post(
        review_url(intake),
        {"action": "decide", f"p{new.pk}-decision": "accept", f"p{new.pk}-known": safadi.slug},
    )
    assert Proposal.objects.get(pk=new.pk).record_slug == "ayman-safadi"  # no new actor
    assert not Actor.objects.filter(name="Ayman Quillfeather").exists()


def test_a_publication_date_given_on_the_screen_dates_what_is_decided_with_it(client, publisher):
    text = "Envoys meet in Beijing\n\nWang Yi met Sameh Shoukry in Beijing on Monday.\n"
    intake = intake_article(by=publisher, text=text)
    title = proposal(intake, "source", title="Envoys meet in Beijing")
    meeting = proposal(intake, "meeting")
    assert meeting.data["date_precision"] == "unknown"  # no publication date to read it by
    client.force_login(publisher)
    shown = client.get(review_url(intake)).context["groups"]
    form = {"action": "decide"}
    for group in shown:  # every field as the browser sends it back, as shown
        for card in group["cards"]:
            for field in card["form"]:
                if field.value() is not None and field.name not in ("start", "end"):
                    form[field.html_name] = field.value()
    form |= {
        f"p{title.pk}-decision": "accept",
        f"p{title.pk}-date_start": "2024-03-13",  # only the first day: that day
        f"p{title.pk}-date_end": "",
        f"p{meeting.pk}-decision": "accept",
    }
    response = client.post(review_url(intake), form)
    assert response.status_code == 302
    source = Source.objects.get(pk=intake.source.pk)
    assert (str(source.date_start), source.date_precision) == ("2024-03-13", "day")
    assert source.date_note == "Dated by the editor."
    written = Meeting.objects.get(slug=Proposal.objects.get(pk=meeting.pk).record_slug)
    assert (str(written.date_start), written.date_precision) == ("2024-03-11", "day")
    assert "read against the publication date (2024-03-13)" in written.date_note


def test_a_refused_decision_keeps_what_the_editor_entered(client, taken, publisher):
    client.force_login(publisher)
    meeting = proposal(taken, "meeting")
    form = decisions(taken, accept=[meeting], reject={})
    form |= {
        f"p{meeting.pk}-title": "Wang Yi and Zara Quillfeather meet",
        f"p{meeting.pk}-date_start": "2024-03-20",
        f"p{meeting.pk}-date_end": "2024-03-11",
    }
    response = client.post(review_url(taken), form)
    assert response.status_code == 200  # the page again, not a redirect
    page = response.content.decode()
    assert 'value="Wang Yi and Zara Quillfeather meet"' in page
    assert 'value="2024-03-20"' in page
    assert Proposal.objects.get(pk=meeting.pk).status == "proposed"


def test_any_actor_of_the_record_may_be_the_speaker_or_a_participant(client, taken, publisher):
    client.force_login(publisher)
    quote = proposal(taken, "statement", mode="quote")
    meeting = proposal(taken, "meeting")
    page = client.get(review_url(taken)).content.decode()
    assert '<option value="riyad-al-maliki">Riyad Al-Maliki</option>' in page  # all, by name
    form = decisions(taken, accept=[meeting, quote], reject={})
    form[f"p{quote.pk}-speaker_other"] = "riyad-al-maliki"
    form[f"p{meeting.pk}-add_other"] = "sameh-shoukry"
    client.post(review_url(taken), form)
    said = Statement.objects.get(slug=Proposal.objects.get(pk=quote.pk).record_slug)
    assert said.speaker.slug == "riyad-al-maliki"
    written = Meeting.objects.get(slug=Proposal.objects.get(pk=meeting.pk).record_slug)
    assert "sameh-shoukry" in written.participants.values_list("slug", flat=True)


def test_publishing_the_article_publishes_its_own_records_only(taken, publisher, editor):
    embargoed = Actor.objects.create(slug="embargoed", name="Embargoed Person", kind="person")
    new = proposal(taken, "actor", name="Zara Quillfeather")
    proposal_accept(new, corrections={"actor": "embargoed"}, by=publisher)  # "is" a draft
    proposal_accept(proposal(taken, "meeting"), corrections={}, by=publisher)
    for p in taken.proposals.filter(status="proposed"):
        p.status, p.reason = "rejected", "Not needed."
        p.save()
    with pytest.raises(Exception, match="embargoed"):  # its meeting shows the draft: named
        intake_publish(taken, by=publisher)
    embargoed.refresh_from_db()
    assert embargoed.status == "draft"
    for p in taken.proposals.filter(kind="meeting"):
        Meeting.objects.filter(slug=p.record_slug).delete()
        p.status = "rejected"
        p.save()
    intake_publish(taken, by=publisher)
    embargoed.refresh_from_db()
    assert embargoed.status == "draft"  # named by a correction, not the article's to publish


def test_a_source_dated_anew_may_not_leave_what_it_reports_in_its_future(taken, publisher):
    meeting = proposal(taken, "meeting")
    proposal_accept(
        meeting, corrections={"date_start": "2030-01-01", "date_end": "2030-01-01"}, by=publisher
    )
    dated = proposal(taken, "source", date_start="2024-03-12")
    with pytest.raises(Exception, match="starts after 2024-03-12"):
        proposal_accept(dated, corrections={}, by=publisher)


def test_control_characters_are_refused_in_texts_and_corrections(taken, publisher):
    with pytest.raises(Exception, match="control characters"):
        intake_article(by=publisher, text="Wang Yi met\x00 Sameh Shoukry.")
    new = proposal(taken, "actor", name="Zara Quillfeather")
    with pytest.raises(Exception, match="control characters"):
        proposal_accept(new, corrections={"name": "Zara\u202e Quillfeather"}, by=publisher)
