import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from diplomacy.models import Actor, Citation, Meeting, Resolution, Source, Statement, Topic, Vote

pytestmark = pytest.mark.django_db


def refused_by_database(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_slugs_are_unique():
    assert refused_by_database(lambda: Topic.objects.create(slug="ceasefire", name="Again"))


def test_a_meeting_cannot_end_before_it_starts():
    assert refused_by_database(
        lambda: Meeting.objects.create(
            slug="backwards",
            title="Backwards",
            format="phone",
            date_precision="day",
            date_start=datetime.date(2023, 11, 20),
            date_end=datetime.date(2023, 11, 19),
        )
    )


def test_a_meeting_with_a_date_needs_a_precision_and_an_unknown_one_needs_none():
    assert refused_by_database(
        lambda: Meeting.objects.create(
            slug="undated", title="Undated", format="phone", date_precision="day"
        )
    )
    assert refused_by_database(
        lambda: Meeting.objects.create(
            slug="dated-unknown",
            title="Dated yet unknown",
            format="phone",
            date_precision="unknown",
            date_start=datetime.date(2023, 11, 20),
        )
    )


def test_enum_values_are_enforced_by_the_database():
    assert refused_by_database(
        lambda: Actor.objects.create(slug="someone", name="Someone", kind="alien")
    )


def test_an_actor_votes_once_per_resolution():
    resolution = Resolution.objects.get(slug="unsc-first-resolution-2023-11")
    voter = resolution.votes.first().actor
    assert refused_by_database(
        lambda: Vote.objects.create(resolution=resolution, actor=voter, position="yes")
    )


def test_a_citation_cites_exactly_one_record():
    source = Source.objects.first()
    meeting, statement = Meeting.objects.first(), Statement.objects.first()
    assert refused_by_database(
        lambda: Citation.objects.create(source=source, excerpt="x", start=0, end=1)
    )
    assert refused_by_database(
        lambda: Citation.objects.create(
            source=source, excerpt="x", start=0, end=1, meeting=meeting, statement=statement
        )
    )


def test_full_clean_names_the_broken_rule():
    meeting = Meeting(
        slug="backwards",
        title="Backwards",
        format="phone",
        date_precision="day",
        date_start=datetime.date(2023, 11, 20),
        date_end=datetime.date(2023, 11, 19),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "The end date is before the start date." in str(error.value)


def test_citation_offsets_must_select_the_excerpt():
    citation = Citation.objects.select_related("source").first()
    citation.start += 1
    with pytest.raises(ValidationError, match="do not select the excerpt"):
        citation.clean()


def test_checking_a_record_asks_the_database_only_what_the_fields_cannot_say(
    django_assert_num_queries,
):
    # A choices field is checked by its choices; its database rule (a ChoiceConstraint)
    # is not checked again by a query of its own, one per rule per row written.
    meeting = Meeting.objects.get(slug="wang-yi-cohen-call")
    # The slug's uniqueness, then four rules (status and reason, precision, interval, claim),
    # each in a savepoint: three statements. With its six choices too it was thirty-one.
    with django_assert_num_queries(13):
        meeting.full_clean()
    meeting.kind = "party"
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert list(refused.value.message_dict) == ["kind"]
    assert refused_by_database(lambda: Meeting.objects.filter(pk=meeting.pk).update(kind="party"))
