"""A published record is whole: the public never sees a meeting missing its people.

One rule (``services.shown_records``): a published record shows published records only,
its sources, credited actors, speaker, audience, participants, sponsors and voters.
Publishing one that shows a draft is refused naming it, or publishes the drafts with it
when the curator asks, all or nothing, with the publish right over each. The loader,
the admin and the write API all come through it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diplomacy import services
from diplomacy.models import Actor, Meeting, Resolution, Statement
from tests.api.helpers import assert_problem
from tests.conftest import make_user, token_client
from tests.curation.test_admin import admin_url

pytestmark = pytest.mark.django_db

ARTICLE = "china-leads-push-for-ceasefire"
EXCERPT = "Han Zheng met with the delegation"


def draft_actor(slug: str) -> Actor:
    return services.record_write(
        Actor(slug=slug, name=slug.replace("-", " ").title(), kind="person"),
        by=services.LOADER,
        fields={},
    )


def citation():
    from diplomacy.models import Source

    return services.CitationInput(Source.objects.get(slug=ARTICLE), EXCERPT)


def draft_meeting_with(*guests: Actor) -> Meeting:
    host = Actor.objects.get(slug="han-zheng")
    participants = [services.ParticipantInput(host, "host")]
    participants += [
        services.ParticipantInput(
            guest, "guest", identification="inferred", identification_note="A test."
        )
        for guest in guests
    ]
    return services.record_write(
        Meeting(
            slug="zz-whole-meeting", title="Whole", format="in_person", date_precision="unknown"
        ),
        by=services.LOADER,
        fields={},
        participants=participants,
        citations=[citation()],
    )


def draft_statement_to(*audience: Actor) -> Statement:
    return services.record_write(
        Statement(
            slug="zz-whole-statement", kind="paraphrase", text="Words.", date_precision="unknown"
        ),
        by=services.LOADER,
        fields={"speaker": Actor.objects.get(slug="han-zheng")},
        audience=[
            services.PartInput(actor, identification="inferred", identification_note="A test.")
            for actor in audience
        ],
        citations=[citation()],
    )


def draft_resolution_by(sponsor: Actor, voter: Actor) -> Resolution:
    return services.record_write(
        Resolution(
            slug="zz-whole-resolution",
            title="Whole",
            body="unsc",
            outcome="pending",
            date_precision="unknown",
        ),
        by=services.LOADER,
        fields={},
        sponsors=[services.PartInput(sponsor, "inferred", "A test.")],
        votes=[services.VoteInput(voter, "yes", "inferred", "A test.")],
        citations=[citation()],
    )


DRAFTS = {
    "participants": lambda: draft_meeting_with(draft_actor("zz-guest")),
    "audience": lambda: draft_statement_to(draft_actor("zz-guest")),
    "sponsors": lambda: draft_resolution_by(
        draft_actor("zz-guest"), Actor.objects.get(slug="china")
    ),
    "votes": lambda: draft_resolution_by(Actor.objects.get(slug="china"), draft_actor("zz-guest")),
}


@pytest.mark.parametrize("field", DRAFTS)
def test_publishing_a_record_that_shows_a_draft_is_refused_naming_it(field):
    record = DRAFTS[field]()

    with pytest.raises(ValidationError) as refusal:
        services.record_set_status(record, "published", by=services.LOADER)

    assert "actor zz-guest" in " ".join(refusal.value.message_dict[field])
    record.refresh_from_db()
    assert record.status == "draft"


@pytest.mark.parametrize("field", DRAFTS)
def test_publishing_with_the_drafts_it_shows_publishes_them_together(field, api):
    record = DRAFTS[field]()

    services.record_set_status(record, "published", by=services.LOADER, publish_needed=True)

    assert Actor.objects.get(slug="zz-guest").status == "published"
    plural = type(record)._meta.verbose_name_plural.replace(" ", "-")
    shown = api.get(f"/api/v1/{plural}/{record.slug}/").json()
    assert "zz-guest" in str(shown)


def test_publishing_with_drafts_needs_the_publish_right_over_each_and_is_all_or_nothing():
    meeting = draft_meeting_with(draft_actor("zz-guest"))
    editor = make_user(
        "meetings-only", groups=["curators"], permissions=["diplomacy.publish_meeting"]
    )

    with pytest.raises(PermissionDenied):
        services.record_set_status(meeting, "published", by=editor, publish_needed=True)

    assert Meeting.objects.get(slug="zz-whole-meeting").status == "draft"
    assert Actor.objects.get(slug="zz-guest").status == "draft"


def test_a_draft_cannot_join_a_published_meeting(superuser, api):
    draft_actor("zz-guest")
    before = api.get("/api/v1/meetings/wang-yi-cohen-call/").json()

    response = token_client(superuser).patch(
        "/api/v1/meetings/wang-yi-cohen-call/",
        {
            "participants": [
                {"actor": "wang-yi", "role": "host"},
                {
                    "actor": "zz-guest",
                    "role": "guest",
                    "identification": "inferred",
                    "identification_note": "A test.",
                },
            ],
            "correction_note": "A guest was missing.",
        },
        format="json",
    )

    problem = assert_problem(response, 400, "participants")
    assert "actor zz-guest" in problem["errors"][0]["detail"]
    assert api.get("/api/v1/meetings/wang-yi-cohen-call/").json() == before


def test_a_participant_of_a_published_meeting_stays_published(superuser):
    response = token_client(superuser).patch(
        "/api/v1/actors/eli-cohen/",
        {"status": "retracted", "retraction_reason": "Misidentified."},
        format="json",
    )

    problem = assert_problem(response, 400, "status")
    assert "meeting wang-yi-cohen-call" in problem["errors"][0]["detail"]


def test_the_write_api_publishes_with_the_drafts_when_asked(superuser):
    meeting = draft_meeting_with(draft_actor("zz-guest"))
    client = token_client(superuser)
    url = f"/api/v1/meetings/{meeting.slug}/"

    refused = client.patch(url, {"status": "published"}, format="json")
    assert "actor zz-guest" in assert_problem(refused, 400, "participants")["errors"][0]["detail"]

    published = client.patch(url, {"status": "published", "publish_needed": True}, format="json")
    assert published.status_code == 200, published.content
    assert Actor.objects.get(slug="zz-guest").status == "published"


def test_the_admin_refuses_or_publishes_with_the_drafts(client, superuser):
    client.force_login(superuser)
    meeting = draft_meeting_with(draft_actor("zz-guest"))
    url = admin_url(Meeting, "changelist")

    response = client.post(
        url, {"action": "publish", "_selected_action": [meeting.pk]}, follow=True
    )
    assert "actor zz-guest" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "draft"

    client.post(url, {"action": "publish_with_drafts", "_selected_action": [meeting.pk]})
    assert Meeting.objects.get(pk=meeting.pk).status == "published"
    assert Actor.objects.get(slug="zz-guest").status == "published"


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_publish_needed_takes_json_true_or_false_only(superuser, value):
    meeting = draft_meeting_with()
    response = token_client(superuser).patch(
        f"/api/v1/meetings/{meeting.slug}/",
        {"status": "published", "publish_needed": value},
        format="json",
    )
    assert_problem(response, 400, "publish_needed")
