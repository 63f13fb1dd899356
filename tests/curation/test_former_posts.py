"""A former post keeps what the text says of its end: "a former ambassador to Lebanon" on
10 March 2024 had left the post by then, though no source gives the day."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from diplomacy import services
from diplomacy.loading.fixtures import FixtureError
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import Position
from tests.diplomacy.test_loader import by_slug, edit_fixture

pytestmark = pytest.mark.django_db

FORMER = "wang-kejian-ambassador-to-lebanon"


def test_a_former_post_shows_the_last_day_it_can_have_ended(api):
    positions = api.get("/api/v1/actors/wang-kejian/").json()["positions"]
    (lebanon,) = [post for post in positions if post["title"] == "ambassador to Lebanon"]
    assert lebanon["tenure"] == "former" and lebanon["ended_by"] == "2024-03-10"
    assert lebanon["date_end"] is None  # the day itself is not given
    assert "former ambassador to Lebanon" in lebanon["citations"][0]["excerpt"]


def test_only_a_former_post_has_an_end_bound():
    post = Position.objects.get(slug="wang-yi-foreign-minister")
    with pytest.raises(ValidationError) as refused:
        services.record_write(post, by=None, fields={"ended_by": "2024-01-01"})
    assert "ended_by" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(slug=FORMER).update(tenure="held")


def test_the_loader_refuses_an_end_bound_on_a_post_not_former(fixture_copy):
    edit_fixture(
        fixture_copy,
        "positions.yaml",
        lambda records: by_slug(records, FORMER).update(tenure="unknown"),
    )
    with pytest.raises(FixtureError) as failure:
        load_seed_data(fixture_copy, settings.SEEDS_DIR)
    assert FORMER in str(failure.value) and "ended_by" in str(failure.value)
