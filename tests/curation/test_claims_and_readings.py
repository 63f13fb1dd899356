"""Claims name their claimant, and an outlet's reading is its own field.

A record is claimed only when a named party makes the claim (``claimed_by``), and only a
claimed record names one: a garbled sentence is a note, not a claim. An outlet's reading
of a remark ("making a subtle reference to ...") stands verbatim in a cited excerpt and is
credited to that source; the paraphrase keeps to what the speaker said. The loader, the
admin and the write API all come through the services, and the database holds the claim
rule too.
"""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from diplomacy import services
from diplomacy.loading.fixtures import FixtureError
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import Actor, Meeting, Statement
from tests.api.helpers import assert_problem
from tests.conftest import token_client
from tests.curation.test_admin import admin_url, meeting_form
from tests.diplomacy.test_loader import by_slug, edit_fixture

pytestmark = pytest.mark.django_db

CLAIMED = "hamas-meets-cao-xiaolin-qatar"
READ = "wang-yi-calls-out-unsc-members-obstructing-membership"


def test_a_claim_names_its_claimant_and_only_a_claim_does():
    meeting = Meeting.objects.get(slug=CLAIMED)
    with pytest.raises(ValidationError) as refused:
        services.record_write(meeting, by=None, fields={"claimed_by": None})
    assert "claimed_by" in refused.value.message_dict

    reported = Meeting.objects.get(slug="wang-yi-cohen-call")
    with pytest.raises(ValidationError) as refused:
        services.record_write(
            reported, by=None, fields={"claimed_by": Actor.objects.get(slug="hamas")}
        )
    assert "claimed_by" in refused.value.message_dict


def test_the_database_holds_the_claim_rule():
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(slug=CLAIMED).update(claimed_by=None)


def test_the_loader_refuses_a_claim_without_a_claimant(fixture_copy):
    edit_fixture(
        fixture_copy, "meetings.yaml", lambda records: by_slug(records, CLAIMED).pop("claimed_by")
    )
    with pytest.raises(FixtureError) as failure:
        load_seed_data(fixture_copy, settings.SEEDS_DIR)
    assert CLAIMED in str(failure.value) and "claimed_by" in str(failure.value)


def test_the_write_api_refuses_a_claim_without_a_claimant(superuser, api):
    client = token_client(superuser)
    url = "/api/v1/meetings/wang-yi-cohen-call/"
    note = {"correction_note": "Only one side reported the call."}
    refused = client.patch(url, {"attestation": "claimed", **note}, format="json")
    assert_problem(refused, 400, "claimed_by")

    claimed = client.patch(
        url, {"attestation": "claimed", "claimed_by": "china", **note}, format="json"
    )
    assert claimed.status_code == 200, claimed.content
    assert api.get(url).json()["claimed_by"] == "china"


def test_the_admin_refuses_a_claim_without_a_claimant(admin_client):
    form = meeting_form("Wang Yi met Ayman Safadi in Beijing on Tuesday")
    refused = admin_client.post(admin_url(Meeting, "add"), form | {"attestation": "claimed"})
    assert refused.status_code == 200
    assert "claimed_by" in refused.context["adminform"].form.errors

    hamas = Actor.objects.get(slug="hamas").pk
    saved = admin_client.post(
        admin_url(Meeting, "add"), form | {"attestation": "claimed", "claimed_by": hamas}
    )
    assert saved.status_code == 302
    assert Meeting.objects.get(slug=form["slug"]).claimed_by_id == hamas


def test_claims_are_found_by_their_claimant(api):
    found = api.get("/api/v1/meetings/?claimed_by=hamas").json()["results"]
    assert [meeting["slug"] for meeting in found] == [CLAIMED]
    assert found[0]["attestation"] == "claimed" and found[0]["claimed_by"] == "hamas"
    # A garbled sentence is not a claim.
    egypt = api.get("/api/v1/meetings/wang-yi-meetings-in-egypt-early-2024/").json()
    assert egypt["attestation"] == "reported" and egypt["claimed_by"] is None


def test_a_claimant_is_shown_only_published():
    draft = services.record_write(
        Actor(slug="zz-claimant", name="Claimant", kind="organization"), by=None, fields={}
    )
    meeting = Meeting.objects.get(slug=CLAIMED)
    with pytest.raises(ValidationError) as refused:
        services.record_write(meeting, by=None, fields={"claimed_by": draft})
    assert "claimed_by" in refused.value.message_dict
    assert "zz-claimant" in str(refused.value)


def test_the_outlets_reading_is_not_the_speakers_words(api):
    statement = api.get(f"/api/v1/statements/{READ}/").json()
    assert "subtle reference" not in statement["text"]
    assert statement["outlet_reading"].startswith("making a subtle reference to the United")
    assert statement["outlet_reading_source"] == "wang-kejian-meets-haniyeh"
    plain = api.get("/api/v1/statements/wang-yi-prevent-further-escalation/").json()
    assert plain["outlet_reading"] is None and plain["outlet_reading_source"] is None


def test_a_reading_must_stand_in_a_cited_excerpt():
    statement = Statement.objects.get(slug=READ)
    with pytest.raises(ValidationError) as refused:
        services.record_write(
            statement, by=None, fields={"outlet_reading": "a jab at nobody in particular"}
        )
    assert "outlet_reading" in refused.value.message_dict


def test_the_write_api_takes_a_reading_and_credits_its_source(superuser, api):
    url = "/api/v1/statements/zhang-jun-first-step-minimum-consensus/"
    note = {"correction_note": "The outlet's reading, credited to it."}
    refused = token_client(superuser).patch(url, {"outlet_reading": "a jab", **note}, format="json")
    assert_problem(refused, 400, "outlet_reading")
    cleared = token_client(superuser).patch(url, {"outlet_reading": "", **note}, format="json")
    assert cleared.status_code == 200, cleared.content
    shown = api.get(url).json()
    assert shown["outlet_reading"] is None and shown["outlet_reading_source"] is None
