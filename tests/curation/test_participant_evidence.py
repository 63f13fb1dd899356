"""Each participant rests on words of its own (``services.participants_check_evidence``).

Named: a supporting excerpt of the meeting's own sources names the actor, by name or
alias, and that citation is their evidence (``named_in``). Otherwise inferred, with the
evidence in a note. A part resting on one party's word is claimed, even in a confirmed
meeting. The loader, the admin and the write API all come through the same service, and
``participant_identification=`` and ``participant_attestation=`` bind to the same
participation as ``actor=``.
"""

import pytest
from django.core.exceptions import ValidationError

from diplomacy import services
from diplomacy.models import Actor, Citation, Meeting, Resolution, Source, Statement
from tests.api.helpers import assert_problem
from tests.conftest import make_user, token_client
from tests.curation.test_admin import admin_url

pytestmark = pytest.mark.django_db

ARTICLE = "china-leads-push-for-ceasefire"
NAMING = "the Chinese Vice President Han Zheng met with the delegation"
CONTEXT = "The delegation intends to meet officials representing each of the five"


def cite(excerpt: str, role: str = "support") -> services.CitationInput:
    return services.CitationInput(Source.objects.get(slug=ARTICLE), excerpt, role=role)


def named_in(participant: dict) -> tuple:
    return tuple(participant[f"named_in_{key}"] for key in ("source", "start", "end"))


def actor(slug: str) -> Actor:
    return Actor.objects.get(slug=slug)


def write_meeting(participants, citations, attestation="reported") -> Meeting:
    return services.record_write(
        Meeting(
            slug="zz-evidence",
            title="Evidence",
            format="in_person",
            date_precision="unknown",
            attestation=attestation,
            attestation_note="Both sides." if attestation == "confirmed" else "",
        ),
        by=services.LOADER,
        fields={},
        participants=participants,
        citations=citations,
    )


def test_a_named_participant_needs_a_supporting_excerpt_that_names_them():
    guest = services.ParticipantInput(actor("ayman-safadi"), "guest")
    with pytest.raises(ValidationError) as refused:
        write_meeting([guest], [cite(NAMING)])
    assert "participants.0.identification" in refused.value.message_dict
    assert "ayman-safadi" in str(refused.value)


def test_a_context_citation_names_nobody():
    host = services.ParticipantInput(actor("han-zheng"), "host")
    with pytest.raises(ValidationError) as refused:
        write_meeting([host], [cite(CONTEXT), cite("Han Zheng", role="context")])
    assert "participants.0.identification" in refused.value.message_dict


def test_an_inferred_participant_needs_the_evidence_in_a_note():
    guest = services.ParticipantInput(actor("ayman-safadi"), "guest", identification="inferred")
    with pytest.raises(ValidationError) as refused:
        write_meeting([guest], [cite(NAMING)])
    assert "participants.0.identification_note" in refused.value.message_dict


def test_the_citation_naming_a_participant_is_their_evidence(api):
    guest = services.ParticipantInput(
        actor("ayman-safadi"), "guest", identification="inferred", identification_note="Why."
    )
    meeting = write_meeting(
        [services.ParticipantInput(actor("han-zheng"), "host"), guest], [cite(NAMING)]
    )
    services.record_set_status(meeting, "published", by=None, publish_needed=True)

    host, inferred = api.get("/api/v1/meetings/zz-evidence/").json()["participants"]
    citation = meeting.citations.get()
    assert named_in(host) == (ARTICLE, citation.start, citation.end)
    assert host["identification"] == "named" and host["attestation"] == "reported"
    assert named_in(inferred) == (None, None, None) and inferred["identification_note"] == "Why."


def test_an_alias_names_an_actor():
    # "Wang" is how the articles name Wang Yi after first mention.
    words = "Wang spoke with Israeli Foreign Minister Eli Cohen on the phone last month."
    source = Source.objects.get(slug="cnn-china-urgent-action-gaza")
    meeting = write_meeting(
        [services.ParticipantInput(actor("wang-yi"), "participant")],
        [services.CitationInput(source, words)],
    )
    assert meeting.participations.get().evidence.excerpt == words


def test_a_draft_sources_evidence_is_not_public(api):
    meeting = write_meeting([services.ParticipantInput(actor("han-zheng"), "host")], [cite(NAMING)])
    services.record_set_status(meeting, "published", by=None)
    draft = Source.objects.create(
        slug="zz-draft-source", sha256="1" * 64, text="Han Zheng met them.", status="draft"
    )
    hidden = Citation.objects.create(
        meeting=meeting, source=draft, excerpt="Han Zheng", start=0, end=9
    )
    meeting.participations.update(evidence=hidden)

    (host,) = api.get("/api/v1/meetings/zz-evidence/").json()["participants"]
    assert named_in(host) == (None, None, None)
    services.record_set_status(draft, "published", by=None)
    (host,) = api.get("/api/v1/meetings/zz-evidence/").json()["participants"]
    assert named_in(host) == ("zz-draft-source", 0, 9)


def test_a_claimed_attendee_of_a_confirmed_meeting_says_on_whose_word():
    attendee = services.ParticipantInput(actor("han-zheng"), "host", attestation="claimed")
    with pytest.raises(ValidationError) as refused:
        write_meeting([attendee], [cite(NAMING)], attestation="confirmed")
    assert "participants.0.attestation_note" in refused.value.message_dict

    noted = services.ParticipantInput(
        actor("han-zheng"), "host", attestation="claimed", attestation_note="A press release."
    )
    meeting = write_meeting([noted], [cite(NAMING)], attestation="confirmed")
    assert meeting.participations.get().attestation == "claimed"


def test_a_participant_is_as_attested_as_the_meeting_unless_told():
    host = services.ParticipantInput(actor("han-zheng"), "host")
    meeting = write_meeting([host], [cite(NAMING)], attestation="confirmed")
    assert meeting.participations.get().attestation == "confirmed"


def test_the_inferred_delegation_members_are_found(api):
    found = api.get("/api/v1/meetings/?participant_identification=inferred").json()["results"]
    slugs = {meeting["slug"] for meeting in found}
    assert "han-zheng-meets-arab-islamic-ministers" in slugs
    assert "arab-islamic-delegation-planned-meeting-russia" in slugs

    shoukry = api.get(
        "/api/v1/meetings/?actor=sameh-shoukry&participant_identification=named"
    ).json()["results"]
    assert [meeting["slug"] for meeting in shoukry] == ["beijing-arab-islamic-ministers-2023-11-20"]


def test_participant_filters_bind_to_the_actors_own_part(api):
    # Cao Xiaolin's part in the confirmed meeting rests on Hamas's word alone.
    def slugs(query: str) -> list[str]:
        return [m["slug"] for m in api.get(f"/api/v1/meetings/?{query}").json()["results"]]

    assert "wang-kejian-meets-haniyeh-qatar" in slugs("actor=cao-xiaolin")
    assert "wang-kejian-meets-haniyeh-qatar" in slugs("attestation=confirmed&actor=cao-xiaolin")
    assert slugs("actor=cao-xiaolin&participant_attestation=confirmed") == []
    assert "wang-kejian-meets-haniyeh-qatar" in slugs(
        "actor=wang-kejian&participant_attestation=confirmed"
    )
    # Han Zheng is named in his meeting; Shoukry, in the same meeting, is inferred.
    assert "han-zheng-meets-arab-islamic-ministers" not in slugs(
        "actor=han-zheng&participant_identification=inferred"
    )
    assert "han-zheng-meets-arab-islamic-ministers" in slugs("actor=han-zheng&actor=sameh-shoukry")


def test_a_participant_filter_refuses_what_it_does_not_know(api):
    response = api.get("/api/v1/meetings/?participant_attestation=rumoured")
    assert_problem(response, 400, "participant_attestation")


def test_the_write_api_applies_the_rule():
    client = token_client(make_user("writer", groups=["curators"]))
    body = {
        "slug": "zz-evidence-api",
        "title": "Evidence",
        "format": "in_person",
        "date_precision": "unknown",
        "participants": [{"actor": "ayman-safadi", "role": "guest"}],
        "citations": [{"source": ARTICLE, "excerpt": NAMING}],
    }
    assert_problem(
        client.post("/api/v1/meetings/", body, format="json"),
        400,
        "participants.0.identification",
    )
    body["participants"][0] |= {"identification": "inferred", "identification_note": "CNN."}
    created = client.post("/api/v1/meetings/", body, format="json")
    assert created.status_code == 201, created.content
    (guest,) = created.json()["participants"]
    assert guest["identification"] == "inferred" and named_in(guest) == (None, None, None)


def test_the_admin_applies_the_rule(client):
    client.force_login(make_user("root", superuser=True))
    meeting = write_meeting([services.ParticipantInput(actor("han-zheng"), "host")], [cite(NAMING)])
    page = client.get(admin_url(Meeting, "change", meeting.pk))
    assert page.status_code == 200
    assert f"({ARTICLE})" in page.content.decode()  # the host's evidence, shown read-only


# A statement's audience rests on words the same way.

QUOTED = "Han Zheng met with the delegation"


def write_statement(audience) -> Statement:
    return services.record_write(
        Statement(slug="zz-addressed", kind="paraphrase", text="Words.", date_precision="unknown"),
        by=services.LOADER,
        fields={"speaker": actor("wang-yi")},
        audience=audience,
        citations=[cite(NAMING)],
    )


def test_a_named_member_of_the_audience_needs_a_supporting_excerpt_that_names_them():
    with pytest.raises(ValidationError) as refused:
        write_statement([services.PartInput(actor("ayman-safadi"))])
    assert "audience.0.identification" in refused.value.message_dict

    statement = write_statement(
        [
            services.PartInput(actor("han-zheng")),
            services.PartInput(actor("ayman-safadi"), "inferred", "The delegation."),
        ]
    )
    named, inferred = statement.addressees.order_by("id")
    assert named.evidence == statement.citations.get() and inferred.evidence is None


def test_the_audience_shows_how_each_member_rests_on_words(api):
    statement = api.get("/api/v1/statements/wang-yi-humanitarian-disaster/").json()
    assert {member["identification"] for member in statement["audience"]} == {"inferred"}
    assert all("beijing-arab-islamic" in m["identification_note"] for m in statement["audience"])
    (cohen,) = api.get("/api/v1/statements/wang-yi-prevent-further-escalation/").json()["audience"]
    assert cohen["actor"]["slug"] == "eli-cohen" and cohen["named_in_source"]


def test_the_write_api_takes_the_audience_as_objects(superuser):
    client = token_client(superuser)
    url = "/api/v1/statements/faisal-message-is-clear/"
    note = {"correction_note": "Said to Eli Cohen."}
    assert_problem(
        client.patch(url, {"audience": ["china"], **note}, format="json"), 400, "audience.0"
    )
    assert_problem(
        client.patch(url, {"audience": [{"actor": "eli-cohen"}], **note}, format="json"),
        400,
        "audience.0.identification",
    )
    body = {
        "audience": [
            {"actor": "eli-cohen", "identification": "inferred", "identification_note": "?"}
        ],
        **note,
    }
    changed = client.patch(url, body, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["audience"][0]["identification"] == "inferred"


def test_the_admin_edits_the_audience_as_rows(client):
    client.force_login(make_user("root", superuser=True))
    statement = Statement.objects.get(slug="wang-yi-prevent-further-escalation")
    page = client.get(admin_url(Statement, "change", statement.pk)).content.decode()
    assert 'name="addressees-0-identification"' in page
    assert "(wang-yi-calls-cohen-and-al-maliki)" in page  # Cohen's evidence, read-only


# And a resolution's sponsors and voters.


def write_resolution(sponsors, votes) -> Resolution:
    return services.record_write(
        Resolution(
            slug="zz-evidence-resolution",
            title="Evidence",
            body="unsc",
            outcome="pending",
            date_precision="unknown",
        ),
        by=services.LOADER,
        fields={},
        sponsors=sponsors,
        votes=votes,
        citations=[cite(NAMING)],
    )


def test_sponsors_and_voters_rest_on_words_too():
    with pytest.raises(ValidationError) as refused:
        write_resolution([services.PartInput(actor("brazil"))], [])
    assert "sponsors.0.identification" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        write_resolution([], [services.VoteInput(actor("united-states"), "no")])
    assert "votes.0.identification" in refused.value.message_dict

    resolution = write_resolution(
        [services.PartInput(actor("brazil"), "inferred", "Another sentence.")],
        [services.VoteInput(actor("han-zheng"), "yes")],
    )
    assert resolution.votes.get().evidence == resolution.citations.get()


def test_the_api_shows_how_sponsors_and_voters_rest_on_words(api, superuser):
    shown = api.get("/api/v1/resolutions/unsc-brazil-draft/").json()
    (brazil,) = shown["sponsors"]
    (us,) = shown["votes"]
    assert brazil["actor"]["slug"] == "brazil" and brazil["named_in_source"]
    assert us["position"] == "no" and us["identification"] == "named" and us["named_in_source"]

    client = token_client(superuser)
    url = "/api/v1/resolutions/unsc-brazil-draft/"
    body = {"sponsors": [{"actor": "china"}], "correction_note": "China sponsored it too."}
    refused = client.patch(url, body, format="json")
    assert_problem(refused, 400, "sponsors.0.identification")


def test_a_record_goes_with_its_audience_and_sponsors(superuser, api):
    client = token_client(superuser)
    for url in (
        "/api/v1/statements/wang-yi-humanitarian-disaster/",
        "/api/v1/resolutions/unsc-brazil-draft/",
    ):
        assert client.delete(url).status_code == 204, url
        assert api.get(url).status_code == 404
