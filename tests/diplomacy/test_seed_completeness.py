"""The facts a reader of the five seed articles expects to find, each recorded once."""

import datetime

import pytest

from diplomacy.models import (
    Actor,
    Meeting,
    Position,
    ReportedFigure,
    Resolution,
    Source,
    Statement,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def participants(slug: str) -> dict[str, str]:
    meeting = Meeting.objects.get(slug=slug)
    return {p.actor.slug: p.role for p in meeting.participations.select_related("actor")}


def cited_sources(record) -> set[str]:
    return set(record.citations.values_list("source__slug", flat=True))


def test_publication_dates_come_from_the_content_not_page_headers():
    dates = {s.slug: (s.date_start, s.date_end) for s in Source.objects.all()}
    assert dates == {
        # "Monday" events, and Miller speaking "in Washington Monday": Tuesday in Hong Kong
        "cnn-china-urgent-action-gaza": (D(2023, 11, 20), D(2023, 11, 21)),
        # dated 21 November, but "On Monday evening ... will participate": both kept
        "china-leads-push-for-ceasefire": (D(2023, 11, 20), D(2023, 11, 21)),
        # a Sunday meeting and a Tuesday statement after a trip begun on 10 March
        "wang-kejian-meets-haniyeh": (D(2024, 3, 19), D(2024, 3, 31)),
        # headers "Sat. Jun 22nd, 2024" and "Sunday, December 3, 2023" are capture dates
        "wang-yi-calls-cohen-and-al-maliki": (D(2023, 10, 9), D(2023, 10, 31)),
        "china-russia-unite-palestinian-rights": (D(2023, 10, 7), D(2023, 12, 3)),
    }
    assert set(Source.objects.exclude(outlet=None).values_list("outlet", flat=True)) == {"CNN"}


def test_the_beijing_meeting_of_20_november_is_one_record_from_three_articles():
    (meeting,) = Meeting.objects.filter(date_start=D(2023, 11, 20), participants__slug="wang-yi")
    assert meeting.slug == "beijing-arab-islamic-ministers-2023-11-20"
    assert participants(meeting.slug) == {
        "wang-yi": "host",
        "faisal-bin-farhan": "guest",
        "ayman-safadi": "guest",
        "sameh-shoukry": "guest",
        "retno-marsudi": "guest",
        "riyad-al-maliki": "guest",
        "hissein-brahim-taha": "guest",
    }
    assert cited_sources(meeting) == {
        "cnn-china-urgent-action-gaza",
        "china-leads-push-for-ceasefire",
        "wang-kejian-meets-haniyeh",
    }


def test_han_zheng_received_the_delegation_on_the_day_the_self_contradicting_article_allows():
    # "On the same day" as a summit "On Monday evening" (the 20th or the 27th) in an
    # article dated Tuesday 21 November that reports the meeting as past: the 20th or 21st.
    meeting = Meeting.objects.get(slug="han-zheng-meets-arab-islamic-ministers")
    assert (meeting.date_start, meeting.date_end) == (D(2023, 11, 20), D(2023, 11, 21))
    assert participants(meeting.slug)["han-zheng"] == "host"
    # "the delegation": every member the articles name
    assert {"sameh-shoukry", "retno-marsudi", "hissein-brahim-taha"} <= set(
        participants(meeting.slug)
    )


def test_the_brics_summit_is_recorded_as_planned_not_held():
    meeting = Meeting.objects.get(slug="brics-extraordinary-virtual-summit")
    assert (meeting.occurrence, meeting.format) == ("planned", "virtual")
    assert (meeting.date_start, meeting.date_end) == (D(2023, 11, 20), D(2023, 11, 27))
    assert participants(meeting.slug)["xi-jinping"] == "participant"


def test_zhai_juns_october_tour_is_five_stops_and_two_doha_meetings():
    # Sent "after the October 7 attack" (wang-kejian-meets-haniyeh), "last month" (CNN).
    stops = Meeting.objects.filter(
        kind="visit", participants__slug="zhai-jun", date_start=D(2023, 10, 7)
    )
    assert set(stops.values_list("location_country", flat=True)) == {"EG", "QA", "AE", "SA", "JO"}
    khulaifi = Meeting.objects.get(slug="zhai-jun-meets-al-khulaifi-doha-2023-10-19")
    assert (khulaifi.date_start, khulaifi.date_precision) == (D(2023, 10, 19), "day")
    assert set(participants(khulaifi.slug)) == {"zhai-jun", "mohammed-al-khulaifi"}
    assert set(participants("zhai-jun-meets-bogdanov-doha")) == {"zhai-jun", "mikhail-bogdanov"}


def test_zhai_juns_november_stops_are_dated_to_last_week():
    for slug in ["zhai-jun-visits-turkey", "zhai-jun-visits-bahrain"]:
        meeting = Meeting.objects.get(slug=slug)
        assert (meeting.date_start, meeting.date_end, meeting.date_precision) == (
            D(2023, 11, 13),
            D(2023, 11, 19),
            "week",
        )


def test_wang_yis_october_calls_are_dated_to_the_month_the_sources_allow():
    cohen = Meeting.objects.get(slug="wang-yi-cohen-call")
    assert cohen.format == "phone"
    # "in a telephone call Monday" "since the attack on Oct. 7", in an article of October.
    assert (cohen.date_start, cohen.date_end, cohen.date_precision) == (
        D(2023, 10, 9),
        D(2023, 10, 30),
        "month",
    )
    assert {"wang-yi-calls-cohen-and-al-maliki", "cnn-china-urgent-action-gaza"} <= (
        cited_sources(cohen)
    )
    assert set(participants("wang-yi-al-maliki-call")) == {"wang-yi", "riyad-al-maliki"}
    assert "faisal-bin-farhan" in participants("wang-yi-saudi-call")


def test_wang_yis_washington_visit_is_planned_with_blinken_and_sullivan():
    visit = Meeting.objects.get(slug="wang-yi-washington-visit")
    assert visit.occurrence == "planned"
    assert participants(visit.slug) == {
        "wang-yi": "guest",
        "antony-blinken": "host",
        "jake-sullivan": "host",
    }


def test_wang_kejians_march_2024_trip():
    haniyeh = Meeting.objects.get(slug="wang-kejian-meets-haniyeh-qatar")
    # "on Sunday", after a trip begun on 10 March, in an article of 19 to 31 March.
    assert (haniyeh.date_start, haniyeh.date_end, haniyeh.location_country) == (
        D(2024, 3, 17),
        D(2024, 3, 24),
        "QA",
    )
    assert haniyeh.attestation == "confirmed"
    assert participants(haniyeh.slug) == {
        "wang-kejian": "participant",
        "ismail-haniyeh": "participant",
        "cao-xiaolin": "attendee",
    }
    assert Meeting.objects.get(slug="wang-kejian-visits-egypt").date_start == D(2024, 3, 10)
    assert "riyad-al-maliki" in participants("wang-kejian-meets-al-maliki-west-bank")
    cao = Meeting.objects.get(slug="hamas-meets-cao-xiaolin-qatar")
    assert (cao.date_start, cao.date_end, cao.date_precision) == (
        D(2024, 2, 1),
        D(2024, 2, 29),
        "month",
    )
    assert cao.attestation == "claimed"


def test_other_contacts_the_articles_report():
    assert set(participants("xi-biden-california-talks")) == {"xi-jinping", "joe-biden", "wang-yi"}
    assert participants("qatar-mediated-hostage-talks")["qatar"] == "mediator"
    assert participants("saudi-iran-restoration-mediation")["china"] == "mediator"
    assert "iran" in participants("wana-department-head-visits-iran")
    # The article does not say Schumer was among the leaders who confronted Xi.
    assert "chuck-schumer" not in participants("congressional-leaders-confront-xi")
    undated = Meeting.objects.get(slug="blinken-wang-yi-conversations")
    assert (undated.date_start, undated.date_precision) == (None, "unknown")


@pytest.mark.parametrize(
    ("speaker", "words"),
    [
        ("wang-yi", "The international community must act urgently, taking effective measures"),
        ("wang-yi", "Israel should stop its collective punishment on the people of Gaza"),
        ("wang-yi", "We have always firmly defended the legitimate rights and interests"),
        (
            "wang-yi",
            "Every country has the right to self-defense but should abide by international",
        ),
        ("wang-yi", "It is imperative to prevent further escalation"),
        ("wang-yi", "deeply sympathizes with the difficult situation of the Palestinian side"),
        ("wang-yi", "have gone beyond self-defense."),
        ("wang-yi", "Israel’s actions have gone beyond the scope of self-defense."),
        ("wang-yi", "to stop its collective punishment of the people in Gaza,"),
        ("faisal-bin-farhan", "The message is clear: the war must stop immediately"),
        (
            "zhang-jun",
            "For reasons known to all, in particular, the repeated and persistent obstruction",
        ),
        ("matt-miller", "would welcome China playing a constructive role in the Middle East."),
        ("chuck-schumer", "no sympathy or support for Israel during these tough, troubled times."),
        (
            "zhai-jun",
            "The fundamental reason for the current situation in the Palestinian-Israeli conflict",
        ),
        ("nicholas-burns", "We do not have identical views on this particular position,"),
        ("global-times", "The biased attitude of the U.S. is one of the root causes"),
    ],
)
def test_every_direct_quote_is_recorded_once_with_its_speaker(speaker, words):
    (quote,) = Statement.objects.filter(kind="quote", text__startswith=words)
    assert quote.speaker.slug == speaker


@pytest.mark.parametrize(
    ("slug", "speaker", "meeting"),
    [
        (
            "wang-yi-opposes-forced-displacement",
            "wang-yi",
            "beijing-arab-islamic-ministers-2023-11-20",
        ),
        (
            "han-zheng-supports-follow-up-committee",
            "han-zheng",
            "han-zheng-meets-arab-islamic-ministers",
        ),
        (
            "haniyeh-independent-palestinian-state",
            "ismail-haniyeh",
            "wang-kejian-meets-haniyeh-qatar",
        ),
        (
            "wang-kejian-promises-two-state-solution",
            "wang-kejian",
            "wang-kejian-meets-al-maliki-west-bank",
        ),
        ("biden-urges-xi-to-use-leverage-with-iran", "joe-biden", "xi-biden-california-talks"),
        ("wang-yi-supports-palestine-un-membership", "wang-yi", None),
        ("xi-proposes-israel-palestine-peace-conference", "xi-jinping", None),
    ],
)
def test_substantive_paraphrased_positions(slug, speaker, meeting):
    statement = Statement.objects.select_related("speaker", "meeting").get(slug=slug)
    assert statement.kind == "paraphrase"
    assert statement.speaker.slug == speaker
    assert (statement.meeting.slug if statement.meeting else None) == meeting


def test_the_ceasefire_call_of_20_november_is_one_statement_cited_by_two_articles():
    statement = Statement.objects.get(slug="wang-yi-reiterates-immediate-ceasefire")
    assert cited_sources(statement) == {
        "cnn-china-urgent-action-gaza",
        "china-leads-push-for-ceasefire",
    }


def test_the_un_resolutions_and_reported_votes():
    first = Resolution.objects.get(slug="unsc-first-resolution-2023-11")
    assert (first.body, first.outcome, first.symbol) == ("unsc", "adopted", None)
    assert set(first.votes.values_list("actor__slug", "position")) == {
        ("united-states", "abstain"),
        ("united-kingdom", "abstain"),
    }
    brazil = Resolution.objects.get(slug="unsc-brazil-draft")
    assert brazil.outcome == "vetoed"
    assert list(brazil.sponsors.values_list("slug", flat=True)) == ["brazil"]
    assert set(brazil.votes.values_list("actor__slug", "position")) == {("united-states", "no")}
    russia = Resolution.objects.get(slug="unsc-russia-draft-humanitarian-ceasefire")
    assert (russia.outcome, list(russia.sponsors.values_list("slug", flat=True))) == (
        "failed",
        ["russia"],
    )
    assert Resolution.objects.count() == 3


@pytest.mark.parametrize(
    ("actor", "title"),
    [
        ("wang-yi", "Foreign Minister"),
        ("zhai-jun", "Special Envoy of the Chinese Government on the Middle East Issue"),
        ("cao-xiaolin", "Ambassador to Qatar"),
        ("han-zheng", "Vice President"),
        ("hissein-brahim-taha", "Secretary-General"),
        ("mohammed-al-khulaifi", "Minister of State of Qatari Ministry of Foreign Affairs"),
    ],
)
def test_posts_held(actor, title):
    assert Position.objects.filter(actor__slug=actor, title__iexact=title).count() == 1


def test_disagreeing_figures_are_kept_with_their_sources():
    figures = {
        (f.measure, f.qualifier, f.value, f.citations.get().source.slug)
        for f in ReportedFigure.objects.all()
    }
    assert figures == {
        ("oct7-hostages-taken", "more_than", 200, "cnn-china-urgent-action-gaza"),
        ("oct7-hostages-taken", "around", 250, "wang-kejian-meets-haniyeh"),
        ("oct7-attack-deaths", "more_than", 1200, "wang-kejian-meets-haniyeh"),
        ("oct7-attack-deaths", "exact", 1400, "wang-yi-calls-cohen-and-al-maliki"),
        ("oct7-attack-deaths", "at_least", 1400, "china-russia-unite-palestinian-rights"),
        ("gaza-death-toll", "more_than", 31000, "wang-kejian-meets-haniyeh"),
    }


def test_every_named_actor_is_present_once():
    named = {
        "Wang Yi", "Zhai Jun", "Wang Kejian", "Cao Xiaolin", "Zhang Jun", "Han Zheng",
        "Hua Chunying", "Xi Jinping", "Eli Cohen", "Riyad Al-Maliki", "Ayman Safadi",
        "Sameh Shoukry", "Retno Marsudi", "Hissein Brahim Taha", "Ismail Haniyeh",
        "Mikhail Bogdanov", "Joe Biden", "Antony Blinken", "Jake Sullivan", "Matt Miller",
        "Nicholas Burns", "Chuck Schumer", "Emmanuel Macron", "Cyril Ramaphosa",
    }  # fmt: skip
    for name in named:
        assert Actor.objects.filter(name__iexact=name).count() == 1, name
    assert Actor.objects.filter(slug="faisal-bin-farhan", aliases__icontains="Al Saud").exists()
