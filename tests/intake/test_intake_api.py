"""The article intake through its API: a curator gives an article, gets proposals anchored in
its words, and accepts or rejects each; nothing of it is public."""

import hashlib

import pytest

from diplomacy.models import Actor, Meeting, Position, Resolution, Source, Statement
from intake.models import Proposal
from tests.api.helpers import assert_problem
from tests.conftest import make_user, token_client

pytestmark = pytest.mark.django_db

ARTICLE = (
    "BEIJING, 12 March 2024 - Chinese Foreign Minister Wang Yi met Egyptian Foreign Minister "
    "Sameh Shoukry in Beijing on Monday, the Chinese Foreign Ministry said.\r\n"
    "“The fighting in Gaza must stop at once and aid must flow,” Wang told reporters after "
    "the talks.\r\n"
    "Shoukry will travel to Moscow next week, according to a statement.\r\n"
)
INTAKE = "/api/v1/intake/"


@pytest.fixture
def taken(curator):
    client = token_client(curator)
    response = client.post(INTAKE, {"text": ARTICLE, "title": "A curator's title"}, format="json")
    assert response.status_code == 201, response.content
    return client, response.json()


def by_kind(body: dict, kind: str) -> list[dict]:
    return [p for p in body["proposals"] if p["kind"] == kind]


def test_an_article_becomes_a_draft_source_kept_as_given_with_anchored_proposals(taken):
    _, body = taken
    source = Source.objects.get(slug=body["source"])
    assert source.status == "draft"
    assert source.text == ARTICLE.replace("\r\n", "\n")
    assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()
    assert source.title is None and source.url is None  # the curator's title is the curator's
    assert body["supplied_title"] == "A curator's title"
    for proposal in body["proposals"]:
        assert source.text[proposal["start"] : proposal["end"]] == proposal["excerpt"]
        assert proposal["why"] and 0 <= proposal["confidence"] <= 1


def test_the_rules_propose_the_date_the_meeting_and_the_quote_with_its_speaker(taken):
    _, body = taken
    (dated,) = by_kind(body, "source")
    assert (dated["date_start"], dated["date_end"], dated["date_precision"]) == (
        "2024-03-12",
        "2024-03-12",
        "day",
    )
    meeting = next(p for p in by_kind(body, "meeting") if p["occurrence"] == "held")
    assert {"wang-yi", "sameh-shoukry"} <= {p.get("actor") for p in meeting["participants"]}
    assert (meeting["date_start"], meeting["date_precision"]) == ("2024-03-11", "day")
    (quote,) = [p for p in by_kind(body, "statement") if p["mode"] == "quote"]
    assert quote["text"] == "The fighting in Gaza must stop at once and aid must flow,"
    assert quote["speaker"] == {"actor": "wang-yi"}
    planned = next(p for p in by_kind(body, "meeting") if p["occurrence"] == "planned")
    assert (planned["date_start"], planned["date_end"]) == ("2024-03-18", "2024-03-24")


def test_a_publication_date_the_curator_gives_is_the_source_s_and_dates_the_rest(curator):
    text = "Wang Yi met Sameh Shoukry in Beijing on Monday to discuss the war in Gaza."
    body = {"text": text, "date_start": "2024-03-13", "date_end": "2024-03-13"}
    response = token_client(curator).post(INTAKE, body, format="json")
    assert response.status_code == 201, response.content
    taken = response.json()
    source = Source.objects.get(slug=taken["source"])
    assert (str(source.date_start), source.date_precision) == ("2024-03-13", "day")
    assert not by_kind(taken, "source")  # nothing to propose: the curator said it
    (meeting,) = by_kind(taken, "meeting")
    assert meeting["date_start"] == "2024-03-11"


def test_the_same_text_twice_is_a_conflict_naming_the_source(taken):
    client, body = taken
    again = client.post(INTAKE, {"text": ARTICLE.replace("\r\n", "\n")}, format="json")
    assert body["source"] in assert_problem(again, 409)["detail"]


def test_accepting_writes_drafts_through_the_rules_and_rejecting_keeps_why(taken, editor, api):
    client, body = taken
    (quote,) = [p for p in by_kind(body, "statement") if p["mode"] == "quote"]
    accepted = client.post(f"{INTAKE}proposals/{quote['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    statement = Statement.objects.get(slug=accepted.json()["record"])
    assert statement.status == "draft" and statement.kind == "quote"
    assert statement.citations.get().excerpt == quote["excerpt"]
    assert_problem(client.post(f"{INTAKE}proposals/{quote['id']}/accept/", {}, format="json"), 400)
    meeting = next(p for p in by_kind(body, "meeting") if p["occurrence"] == "held")
    accepted = client.post(
        f"{INTAKE}proposals/{meeting['id']}/accept/",
        {"corrections": {"title": "Wang Yi meets Sameh Shoukry"}},
        format="json",
    )
    assert accepted.status_code == 200, accepted.content
    assert Meeting.objects.get(slug=accepted.json()["record"]).status == "draft"
    planned = next(p for p in by_kind(body, "meeting") if p["occurrence"] == "planned")
    assert_problem(
        client.post(f"{INTAKE}proposals/{planned['id']}/reject/", {}, format="json"), 400
    )
    rejected = client.post(
        f"{INTAKE}proposals/{planned['id']}/reject/", {"reason": "Not a meeting."}, format="json"
    )
    assert rejected.json()["status"] == "rejected"
    assert Proposal.objects.get(pk=planned["id"]).reason == "Not a meeting."
    # The public sees none of it.
    assert api.get(f"/api/v1/sources/{body['source']}/").status_code == 404
    assert api.get(f"/api/v1/statements/{statement.slug}/").status_code == 404


def test_a_wrong_correction_is_refused_by_the_rules_every_write_meets(taken):
    client, body = taken
    (quote,) = [p for p in by_kind(body, "statement") if p["mode"] == "quote"]
    refused = client.post(
        f"{INTAKE}proposals/{quote['id']}/accept/",
        {"corrections": {"text": "Words nobody said in this article at all"}},
        format="json",
    )
    assert_problem(refused, 400)
    assert Proposal.objects.get(pk=quote["id"]).status == "proposed"


def test_only_curators_reach_the_intake(api, reader, taken):
    _, body = taken
    for url in (INTAKE, f"{INTAKE}{body['source']}/"):
        assert_problem(api.get(url), 401)
        assert_problem(token_client(reader).get(url), 403)
    assert_problem(api.post(INTAKE, {"text": "x"}, format="json"), 401)
    proposal = body["proposals"][0]["id"]
    assert_problem(api.post(f"{INTAKE}proposals/{proposal}/reject/", {"reason": "x"}), 401)


def test_html_is_read_for_its_main_text_and_metadata(curator):
    html = (
        "<html><head><title>Wang Yi meets Shoukry</title>"
        '<meta property="article:published_time" content="2024-03-12"></head><body>'
        "<nav>Home | World</nav><article><h1>Wang Yi meets Shoukry</h1>"
        "<p>Chinese Foreign Minister Wang Yi met Egyptian Foreign Minister Sameh Shoukry in "
        "Beijing on Monday to discuss the war in Gaza and the delivery of aid.</p>"
        "<p>Both sides called for an immediate ceasefire and the release of all hostages, "
        "the Chinese Foreign Ministry said in a statement after the talks.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    response = token_client(curator).post(INTAKE, {"html": html}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    text = Source.objects.get(slug=body["source"]).text
    assert "Sameh Shoukry" in text and "Copyright" not in text and "Home | World" not in text
    assert body["metadata"].get("title") == "Wang Yi meets Shoukry"
    # The page's metadata dates it, and so its "Monday".
    (dated,) = [p for p in body["proposals"] if p["kind"] == "source"]
    assert (dated["date_start"], dated["date_precision"]) == ("2024-03-12", "day")
    assert (
        "metadata" in dated["date_note"] and text[dated["start"] : dated["end"]] == dated["excerpt"]
    )
    meeting = next(p for p in body["proposals"] if p["kind"] == "meeting")
    assert meeting["date_start"] == "2024-03-11"


def test_a_post_the_record_knows_is_that_post_cited_once_the_article_is_published(taken):
    client, body = taken
    post = next(p for p in by_kind(body, "position") if p["holder"] == {"actor": "sameh-shoukry"})
    assert (post["title"], post["organization"]) == ("Foreign Minister", "egypt")
    assert post["excerpt"] == "Egyptian Foreign Minister Sameh Shoukry"
    known = Position.objects.get(actor__slug="sameh-shoukry", title="Foreign Minister")
    cited = known.citations.count()
    accepted = client.post(f"{INTAKE}proposals/{post['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["record"] == known.slug  # no second record of the same post
    assert known.citations.count() == cited  # a published post cites published sources only
    assert Proposal.objects.get(pk=post["id"]).data["cite_on_publish"] is True


def test_publishing_the_article_cites_the_known_post_with_a_note_its_holder_shows(taken, api):
    from django.contrib.auth.models import Permission

    client, body = taken
    post = next(p for p in by_kind(body, "position") if p["holder"] == {"actor": "sameh-shoukry"})
    for proposal in body["proposals"]:
        decision = "accept" if proposal["id"] == post["id"] else "reject"
        decided = client.post(
            f"{INTAKE}proposals/{proposal['id']}/{decision}/",
            {} if decision == "accept" else {"reason": "Not needed."},
            format="json",
        )
        assert decided.status_code == 200, decided.content
    publisher = make_user("intake-publisher", groups=["curators"])
    publisher.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="diplomacy", codename__startswith="publish_"
        )
    )

    published = token_client(publisher).post(f"{INTAKE}{body['source']}/publish/")

    assert published.status_code == 200, published.content
    source = Source.objects.get(slug=body["source"])
    *_, entry = api.get("/api/v1/actors/sameh-shoukry/history/").json()["results"]
    assert entry["action"] == "updated" and entry["fields"] == ["positions"]
    assert entry["note"] == f"Cited again by {source.title or source.slug}."


def test_a_new_post_is_accepted_as_a_draft_position_with_its_new_holder(curator):
    client = token_client(curator)
    text = "Jordanian Ambassador Zara Quillfeather met Wang Yi in Beijing on Monday."
    body = client.post(INTAKE, {"text": text}, format="json").json()
    (post,) = by_kind(body, "position")
    assert (post["holder"], post["title"]) == ({"name": "Zara Quillfeather"}, "Ambassador")
    accepted = client.post(f"{INTAKE}proposals/{post['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    position = Position.objects.get(slug=accepted.json()["record"])
    # The holder, new to the record, was accepted with it: a draft actor.
    assert (position.status, position.actor.name, position.actor.status) == (
        "draft",
        "Zara Quillfeather",
        "draft",
    )
    assert position.organization.slug == "jordan"
    assert position.citations.get().excerpt == post["excerpt"]


def test_a_body_the_record_does_not_know_is_a_new_actor_not_a_known_alias(curator):
    text = (
        "The Russian Foreign Ministry said the talks in Moscow were useful. "
        '"Discussions focused on the release of hostages," the ministry said in a statement.'
    )
    response = token_client(curator).post(INTAKE, {"text": text}, format="json")
    body = response.json()
    actors = {p["name"]: p for p in by_kind(body, "actor")}
    assert actors["Russian Foreign Ministry"]["actor"] is None
    assert actors["Russian Foreign Ministry"]["actor_kind"] == "organization"
    assert "chinese-foreign-ministry" not in {p.get("actor") for p in actors.values()}


def test_an_actor_added_since_the_last_intake_is_known_to_the_next(curator):
    client = token_client(curator)
    first = client.post(
        INTAKE, {"text": "Zara Quillfeather met Wang Yi in Beijing."}, format="json"
    )
    assert first.status_code == 201
    Actor.objects.create(slug="zara-quillfeather", name="Zara Quillfeather", kind="person")
    second = client.post(
        INTAKE, {"text": "Zara Quillfeather met Wang Yi in Beijing on Monday."}, format="json"
    )
    known = {p.get("actor") for p in by_kind(second.json(), "actor")}
    assert "zara-quillfeather" in known


def test_a_vetoed_draft_is_proposed_with_its_sponsor_and_veto_and_accepted(curator, editor):
    text = (
        "2023-10-19\nThe United States vetoed a Brazil-drafted resolution at the UN Security "
        "Council on Wednesday, while a Russian-drafted resolution failed to pass."
    )
    body = token_client(curator).post(INTAKE, {"text": text}, format="json").json()
    vetoed, failed = by_kind(body, "resolution")
    assert (vetoed["outcome"], vetoed["sponsors"]) == ("vetoed", [{"actor": "brazil"}])
    assert vetoed["votes"] == [{"actor": "united-states", "position": "no"}]
    assert (failed["outcome"], failed["sponsors"]) == ("failed", [{"actor": "russia"}])
    assert (vetoed["date_start"], vetoed["date_precision"]) == ("2023-10-18", "day")
    client = token_client(make_user("resolver", superuser=True))
    accepted = client.post(f"{INTAKE}proposals/{vetoed['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    resolution = Resolution.objects.get(slug=accepted.json()["record"])
    assert (resolution.status, resolution.outcome, resolution.body) == ("draft", "vetoed", "unsc")
    assert [s.actor.slug for s in resolution.sponsorships.all()] == ["brazil"]


def test_a_new_state_is_accepted_as_a_draft_state_with_its_iso_code(curator):
    client = token_client(curator)
    body = client.post(INTAKE, {"text": "Zhai Jun visited Oman on Monday."}, format="json")
    (oman,) = [p for p in by_kind(body.json(), "actor") if p["name"] == "Oman"]
    assert (oman["actor"], oman["actor_kind"], oman["country"]) == (None, "state", "OM")
    accepted = client.post(f"{INTAKE}proposals/{oman['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    actor = Actor.objects.get(slug=accepted.json()["record"])
    assert (actor.name, actor.kind, actor.country, actor.status) == (
        "Oman",
        "state",
        "OM",
        "draft",
    )


def test_publishing_an_article_through_the_api_publishes_it_with_its_records(curator):
    from django.contrib.auth.models import Permission

    publisher = make_user("api-publisher", groups=["curators"])
    publisher.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="diplomacy", codename__startswith="publish_"
        )
    )
    text = "Jordanian Ambassador Zara Quillfeather met Wang Yi in Beijing on 11 March 2024."
    body = token_client(curator).post(INTAKE, {"text": text}, format="json").json()
    url = f"{INTAKE}{body['source']}/publish/"
    refused = assert_problem(token_client(publisher).post(url), 400)
    assert "undecided" in refused["errors"][0]["detail"]
    assert len(by_kind(body, "meeting")) == 1
    for proposal in body["proposals"]:
        decision = "accept" if proposal["kind"] in ("meeting", "actor") else "reject"
        token_client(curator).post(
            f"{INTAKE}proposals/{proposal['id']}/{decision}/",
            {} if decision == "accept" else {"reason": "Not needed."},
            format="json",
        )
    assert token_client(curator).post(url).status_code == 403  # no publish right
    published = token_client(publisher).post(url)
    assert published.status_code == 200, published.content
    kinds = {(r["kind"], r["status"]) for r in published.json()["records"]}
    assert kinds == {("source", "published"), ("meeting", "published"), ("actor", "published")}
    # The new actor the meeting shows was accepted with it, and published with it.
    assert Actor.objects.get(name="Zara Quillfeather").status == "published"


def test_a_figure_corrected_to_what_is_not_a_whole_number_is_refused(curator):
    client = token_client(curator)
    text = "More than 25,000 Palestinians have been killed in Gaza, 11 March 2024."
    body = client.post(INTAKE, {"text": text}, format="json").json()
    (figure,) = by_kind(body, "figure")
    for value in ("12", 1.5, True, None):
        refused = client.post(
            f"{INTAKE}proposals/{figure['id']}/accept/",
            {"corrections": {"value": value}},
            format="json",
        )
        assert refused.status_code == 400, (value, refused.content)
    assert Proposal.objects.get(pk=figure["id"]).status == "proposed"


@pytest.mark.parametrize(
    "corrections",
    [
        {"participants": 5},
        {"participants": [5]},
        {"participants": [{"actor": ["wang-yi"]}]},
        {"speaker": 7},
        {"speaker": {"actor": {"slug": "wang-yi"}}},
        {"title": ["a", "b"]},
        {"date_start": 20240311},
        {"start": "0"},
        {"also": [[0, 5]]},
        {"no_such_field": "x"},
        {"votes": [{"actor": "china"}]},
    ],
)
def test_corrections_of_the_wrong_kind_are_refused_naming_the_field(taken, corrections):
    client, body = taken
    meeting = next(p for p in by_kind(body, "meeting") if p["occurrence"] == "held")
    response = client.post(
        f"{INTAKE}proposals/{meeting['id']}/accept/", {"corrections": corrections}, format="json"
    )
    assert_problem(response, 400, next(iter(corrections)))
    assert Proposal.objects.get(pk=meeting["id"]).status == "proposed"


def test_a_speaker_given_as_a_slug_is_that_actor_and_the_screen_shows_it(taken, editor, client):
    api_client, body = taken
    (quote,) = [p for p in by_kind(body, "statement") if p["mode"] == "quote"]
    accepted = api_client.post(
        f"{INTAKE}proposals/{quote['id']}/accept/",
        {"corrections": {"speaker": "riyad-al-maliki"}},
        format="json",
    )
    assert accepted.status_code == 200, accepted.content
    assert Statement.objects.get(slug=accepted.json()["record"]).speaker.slug == "riyad-al-maliki"
    intake = Proposal.objects.get(pk=quote["id"]).intake
    client.force_login(make_user("screen-reader", superuser=True))
    assert client.get(f"/admin/intake/intake/{intake.pk}/review/").status_code == 200


def test_slugs_the_intake_writes_avoid_routes_and_fit_their_field(curator):
    client = token_client(curator)
    body = client.post(INTAKE, {"text": "Feed\n\nWang Yi met Sameh Shoukry."}, format="json")
    assert body.status_code == 201, body.content
    assert body.json()["source"] == "feed-source"
    long_name = "Jordanian Ambassador " + " ".join(["Quillfeather"] * 9)
    body = client.post(
        INTAKE, {"text": f"{long_name} met Wang Yi on 11 March 2024."}, format="json"
    )
    (new,) = [p for p in by_kind(body.json(), "actor") if p["actor"] is None]
    accepted = client.post(f"{INTAKE}proposals/{new['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert len(accepted.json()["record"]) <= Actor._meta.get_field("slug").max_length
