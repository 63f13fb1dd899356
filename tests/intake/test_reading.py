"""The intake's rules on the shapes of news prose an editor meets: each test reads a short
text with a small gazetteer and checks what an editor would see proposed."""

import datetime

from intake.dates import Dated, publication, resolve
from intake.reading import KnownActor, Reader

GAZETTEER = [
    KnownActor("wang-yi", "Wang Yi", "person", ("Wang Yi", "Wang")),
    KnownActor("wang-kejian", "Wang Kejian", "person", ("Wang Kejian", "Wang")),
    KnownActor("zhai-jun", "Zhai Jun", "person", ("Zhai Jun",)),
    KnownActor("antony-blinken", "Antony Blinken", "person", ("Antony Blinken",)),
    KnownActor("egypt", "Egypt", "state", ("Egypt",)),
    KnownActor("israel", "Israel", "state", ("Israel",)),
    KnownActor("qatar", "Qatar", "state", ("Qatar",)),
    KnownActor("jordan", "Jordan", "state", ("Jordan",)),
    KnownActor("china", "China", "state", ("China", "Beijing")),
    KnownActor("united-states", "United States", "state", ("United States", "US")),
    KnownActor("saudi-arabia", "Saudi Arabia", "state", ("Saudi Arabia",)),
    KnownActor("iran", "Iran", "state", ("Iran",)),
    KnownActor("ismail-haniyeh", "Ismail Haniyeh", "person", ("Ismail Haniyeh",)),
    KnownActor("lebanon", "Lebanon", "state", ("Lebanon",)),
]
PUBLISHED = Dated(
    datetime.date(2024, 3, 20), datetime.date(2024, 3, 20), "day", "Given.", evidence="curator"
)


def read(text: str, published: Dated | None = PUBLISHED):
    proposals = Reader(GAZETTEER).read(text, published)
    for proposal in proposals:
        assert text[proposal.start : proposal.end].strip()  # anchored in the words
    return proposals


def meetings(proposals) -> list[dict]:
    return [p.data for p in proposals if p.kind == "meeting"]


def who(meeting: dict) -> list:
    return [p.get("actor") or p.get("name") for p in meeting["participants"]]


def dates(item: dict) -> tuple:
    return item["date_start"], item["date_end"], item["date_precision"]


def test_a_state_the_record_does_not_know_is_proposed_with_its_iso_code():
    proposals = read("Zhai Jun visited Bahrain and the Kingdom of Bahrain's neighbour Oman.")
    new = {p.data["name"]: p.data for p in proposals if p.kind == "actor" and not p.data["actor"]}
    assert new["Bahrain"] == {
        "actor": None,
        "name": "Bahrain",
        "actor_kind": "state",
        "country": "BH",
    }
    assert new["Oman"]["country"] == "OM"
    # The record's own states are matched, never proposed again.
    assert not any(p.data.get("name") == "Qatar" and not p.data.get("actor") for p in proposals)


def test_a_visit_to_several_states_is_one_proposal_each_dated_by_its_own_words():
    proposals = read(
        "Wang Kejian is touring the region. He started his visit on March 10 in Egypt, then "
        "continued to Israel and Qatar."
    )
    stops = {who(m)[1]: m for m in meetings(proposals) if len(who(m)) == 2}
    assert set(stops) == {"egypt", "israel", "qatar"}
    for stop in stops.values():
        assert stop["participants"][0] == {"actor": "wang-kejian", "role": "guest"}
    # "started ... on March 10": it began that day and ended no later than publication.
    assert dates(stops["egypt"]) == ("2024-03-10", "2024-03-20", "month")
    # "then continued to": after the stop before it.
    assert dates(stops["israel"])[:2] == ("2024-03-10", "2024-03-20")


def test_words_before_the_verb_date_every_stop_and_officials_from_two_states_meet_once():
    proposals = read(
        "Last week the envoy Zhai Jun visited and met with officials in Egypt and Jordan."
    )
    stops = [m for m in meetings(proposals) if len(who(m)) == 2 and "zhai-jun" in who(m)]
    assert {who(m)[1] for m in stops} == {"egypt", "jordan"}
    assert {dates(m) for m in stops} == {("2024-03-11", "2024-03-17", "week")}
    one = read("Wang Yi met officials from Egypt and Jordan in Beijing.")
    assert [who(m) for m in meetings(one)] == [["wang-yi", "egypt", "jordan"]]


def test_a_delegation_s_members_named_later_join_the_meeting_that_hosted_it():
    proposals = read(
        "Chinese Foreign Minister Wang Yi hosted a delegation of Arab foreign ministers in "
        "Beijing on Monday. The delegation included Jordan's Foreign Minister Ayman Safadi and "
        "Egypt's Foreign Minister Sameh Shoukry."
    )
    (meeting,) = meetings(proposals)
    assert who(meeting) == ["wang-yi", "Ayman Safadi", "Sameh Shoukry"]
    assert [p["role"] for p in meeting["participants"]] == ["host", "guest", "guest"]
    assert len(meeting["also"]) == 1  # the second sentence is its evidence too


def test_a_mediator_is_marked_and_a_named_gathering_is_proposed_without_named_parties():
    proposals = read(
        "The talks follow weeks of negotiations between the United States, Israel and Hamas, "
        "mediated by Gulf state Qatar. China values the call made at the Joint Arab Islamic "
        "Extraordinary Summit."
    )
    talks, summit = meetings(proposals)
    roles = {p.get("actor") or p.get("name"): p["role"] for p in talks["participants"]}
    assert roles["qatar"] == "mediator" and roles["israel"] == "participant"
    assert summit["title"] == "Joint Arab Islamic Extraordinary Summit"
    assert summit["meeting_kind"] == "summit"


def test_who_reports_a_meeting_is_not_a_party_to_it():
    proposals = read(
        "Secretary of State Antony Blinken raised it in conversations with China's Wang Yi, "
        "State Department spokesperson Matt Miller added."
    )
    (meeting,) = meetings(proposals)
    assert who(meeting) == ["antony-blinken", "wang-yi"]


def test_a_body_before_a_name_is_the_person_s_title_not_a_party():
    proposals = read(
        "Zhai Jun met in Doha with Minister of State of Qatari Ministry of Foreign Affairs "
        "Mohammed bin Abdulaziz Al-Khulaifi."
    )
    (meeting,) = meetings(proposals)
    assert who(meeting) == ["zhai-jun", "Mohammed bin Abdulaziz Al-Khulaifi"]
    person = next(p.data for p in proposals if p.data.get("name", "").startswith("Mohammed"))
    assert person["title"] == "Minister of State of Qatari Ministry of Foreign Affairs"
    bodies = {p.data["name"] for p in proposals if p.data.get("actor_kind") == "organization"}
    assert bodies == {"Qatari Ministry of Foreign Affairs"}


def test_the_day_of_a_report_is_not_the_day_of_the_talks_it_reports():
    reported = read(
        "Israeli officials reported on Monday that progress has been made in talks between "
        "Israel and Qatar."
    )
    (talks,) = meetings(reported)
    assert talks["date_precision"] == "unknown"
    assert "dates the report" in talks["date_note"]
    during = read("Wang Yi said Monday during a meeting with Egypt's envoy in Beijing that ...")
    assert dates(meetings(during)[0]) == ("2024-03-18", "2024-03-18", "day")


def test_weekday_ranges_future_outside_quotes_and_earlier_this_month():
    wednesday = Dated(datetime.date(2024, 3, 20), datetime.date(2024, 3, 20), "day", "Given.")
    assert (resolve("Wang will be in Washington Thursday to Saturday.", wednesday).end) == (
        datetime.date(2024, 3, 23)
    )
    # "would" in the quoted words does not move "Monday" into the future.
    said = resolve('Speaking Monday, Miller said the US "would welcome" it.', wednesday)
    assert said.start == datetime.date(2024, 3, 18)
    # Earlier than the writing: up to the publication day itself.
    earlier = resolve("Earlier this month, Wang spoke with Cohen.", wednesday)
    assert (earlier.start, earlier.end) == (datetime.date(2024, 3, 1), datetime.date(2024, 3, 20))
    # "will ... on Monday evening", written on a Monday, may be that evening.
    monday = Dated(datetime.date(2024, 3, 18), datetime.date(2024, 3, 18), "day", "Given.")
    evening = resolve("On Monday evening, Xi will take part in a summit.", monday)
    assert evening.start == datetime.date(2024, 3, 18)


def test_a_date_beside_the_weather_is_the_day_the_page_was_captured():
    text = (
        "-3.1 C\nSunday, December 3, 2023\n\nEnvoys meet in Doha\n\nOn October 7, Hamas "
        "attacked Israel. Zhai Jun met Mikhail Bogdanov in Doha on Tuesday."
    )
    found = publication(text)
    assert (found.start, found.end) == (datetime.date(2023, 10, 7), datetime.date(2023, 12, 3))
    assert "captured" in found.note
    alone = publication("Sunday, December 3, 2023\n\nEnvoys meet in Doha\n\nThey met.")
    assert (alone.start, alone.end) == (datetime.date(2023, 12, 3), datetime.date(2023, 12, 3))


def test_names_the_record_does_not_know_after_a_body_or_before_their_post():
    proposals = read(
        "Wang Yi met with Secretary-General of the League of Arab States Ahmed Aboul Gheit in "
        "Cairo. Zhai Jun spoke by phone with Mohammad Mustafa, the Palestinian Prime Minister."
    )
    first, second = meetings(proposals)
    assert who(first) == ["wang-yi", "Ahmed Aboul Gheit"]  # "in Cairo": where, not who
    assert who(second) == ["zhai-jun", "Mohammad Mustafa"]
    titles = {p.data["name"]: p.data.get("title") for p in proposals if p.kind == "actor"}
    assert titles["Ahmed Aboul Gheit"] == "Secretary-General of the League of Arab States"


def test_a_known_person_by_a_shorter_name_and_a_state_by_its_capital():
    gazetteer = [
        *GAZETTEER,
        KnownActor("faisal", "Faisal bin Farhan Al Saud", "person", ("Faisal bin Farhan Al Saud",)),
    ]
    proposals = Reader(gazetteer).read(
        "Zhai Jun met Saudi Arabia's Foreign Minister, Prince Faisal bin Farhan, in Riyadh. "
        "Wang Yi visited Cairo and Muscat last week.",
        PUBLISHED,
    )
    first, *stops = meetings(proposals)
    assert "faisal" in who(first) and "saudi-arabia" not in who(first)
    assert {who(stop)[1] for stop in stops} == {"egypt", "Oman"}
    oman = next(p.data for p in proposals if p.kind == "actor" and p.data["name"] == "Oman")
    assert oman["country"] == "OM"  # a new state, named by its capital


def test_he_is_whom_the_sentence_before_is_about_and_travel_on_to_is_a_visit():
    proposals = read(
        "Wang Kejian met Ismail Haniyeh in Doha on Sunday. In Beirut on Monday, he met "
        "Lebanese officials. He is expected to travel on to Egypt and Qatar later this week."
    )
    subjects = [who(m)[0] for m in meetings(proposals)]
    assert subjects == ["wang-kejian"] * len(subjects) and len(subjects) == 4


def test_a_dateline_without_its_year_takes_the_first_such_day_after_the_dated_past():
    found = publication(
        "CAIRO, Jan 22 (Reuters) - Zhai Jun met Sameh Shoukry on Sunday, more than three "
        "months after the Oct. 7, 2023 attack."
    )
    assert (found.start, found.precision) == (datetime.date(2024, 1, 22), "day")
    assert "gives no year" in found.note
    assert publication("DOHA, Jan 9 - Envoys met; the text dates nothing else.") is None


def test_he_said_is_whom_the_sentence_before_is_about_and_due_in_looks_ahead():
    proposals = read(
        'Zhai Jun told Egypt\'s envoy that talks must resume. "We are ready to help," he '
        "said. He is due in Cairo on Thursday."
    )
    (quote,) = [p.data for p in proposals if p.kind == "statement" and p.data["mode"] == "quote"]
    assert quote["speaker"] == {"actor": "zhai-jun"}
    visit = [m for m in meetings(proposals) if "egypt" in who(m)][-1]  # "due in Cairo"
    assert (visit["occurrence"], visit["date_start"]) == ("planned", "2024-03-21")


def test_what_the_text_calls_someone_is_no_post():
    proposals = read("The envoy Zhai Jun met Egyptian Foreign Minister Sameh Shoukry on Monday.")
    titles = {p.data["title"] for p in proposals if p.kind == "position"}
    assert titles == {"Foreign Minister"}


def test_a_toll_since_october_7_is_gaza_s_not_the_attack_s():
    proposals = read(
        "More than 25,000 Palestinians have been killed in Gaza since Oct. 7, according to "
        "the health ministry. The October 7 attack on Israel killed about 1,200 people."
    )
    measures = {p.data["value"]: p.data["measure"] for p in proposals if p.kind == "figure"}
    assert measures == {25000: "gaza-death-toll", 1200: "oct7-attack-deaths"}
