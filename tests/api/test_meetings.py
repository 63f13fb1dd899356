import pytest

from tests.api.helpers import assert_problem, slugs, walk

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/"


def test_wang_yis_october_2023_meetings_include_the_cohen_call_not_the_beijing_meeting(api):
    response = api.get(
        URL, {"actor": "wang-yi", "date_from": "2023-10-01", "date_to": "2023-10-31"}
    )

    assert response.status_code == 200
    found = slugs(response)
    assert "wang-yi-cohen-call" in found
    assert "wang-yi-al-maliki-call" in found
    assert "beijing-arab-islamic-ministers-2023-11-20" not in found


def test_a_repeated_actor_means_meetings_with_all_of_them(api):
    only_zhai = slugs(api.get(URL, {"actor": "zhai-jun", "page_size": 200}))
    both = slugs(api.get(f"{URL}?actor=zhai-jun&actor=mikhail-bogdanov"))

    assert len(only_zhai) > 1
    assert both == ["zhai-jun-meets-bogdanov-doha"]


def test_the_beijing_meeting_is_one_record_cited_by_three_articles(api):
    meeting = api.get(f"{URL}beijing-arab-islamic-ministers-2023-11-20/").json()

    assert meeting["date_start"] == "2023-11-20" and meeting["date_precision"] == "day"
    assert meeting["location"]["country"] == "CN"
    assert {c["source"] for c in meeting["citations"]} == {
        "cnn-china-urgent-action-gaza",
        "china-leads-push-for-ceasefire",
        "wang-kejian-meets-haniyeh",
    }
    roles = {p["actor"]["slug"]: p["role"] for p in meeting["participants"]}
    assert roles["wang-yi"] == "host"
    assert roles["faisal-bin-farhan"] == "guest"


def test_filters_combine(api):
    found = slugs(
        api.get(
            URL, {"country": "QA", "format": "in_person", "source": "wang-kejian-meets-haniyeh"}
        )
    )

    assert "wang-kejian-meets-haniyeh-qatar" in found
    assert "zhai-jun-meets-al-khulaifi-doha-2023-10-19" not in found


def test_date_range_overlap_includes_a_meeting_spanning_the_window(api):
    # Zhai Jun's October tour stops are dated to the whole month.
    found = slugs(
        api.get(URL, {"date_from": "2023-10-15", "date_to": "2023-10-15", "page_size": 200})
    )

    assert "zhai-jun-visits-egypt" in found
    assert "zhai-jun-meets-al-khulaifi-doha-2023-10-19" not in found


def test_a_window_finds_a_meeting_dated_only_to_its_year_in_either_order(api):
    # Dated 2023-01-01 to 2023-10-31: it started ten months before the window.
    for ordering in ("date", "-date"):
        window = {"date_from": "2023-10-31", "date_to": "2023-11-30", "ordering": ordering}
        assert "saudi-iran-restoration-mediation" in slugs(
            api.get(URL, {**window, "page_size": 200})
        )


def test_topic_and_text_search(api):
    assert "wang-yi-cohen-call" not in slugs(api.get(URL, {"topic": "hostages", "page_size": 200}))
    assert slugs(api.get(URL, {"q": "Ismail Haniyeh"})) == ["wang-kejian-meets-haniyeh-qatar"]


def test_planned_meetings_are_marked(api):
    found = slugs(api.get(URL, {"occurrence": "planned"}))
    assert "brics-extraordinary-virtual-summit" in found
    assert "wang-yi-washington-visit" in found


@pytest.mark.parametrize("ordering", ["date", "-date", "title", "-title"])
def test_following_next_visits_every_meeting_once_in_every_ordering(api, ordering):
    total = api.get(URL, {"page_size": 1}).json()["count"]

    seen, pages = walk(api, f"{URL}?page_size=4&ordering={ordering}")

    assert len(seen) == total == len(set(seen))
    assert pages == -(-total // 4)


def test_the_default_order_is_chronological_then_slug_with_undated_last(api):
    results = api.get(URL, {"page_size": 200}).json()["results"]
    dated = [r for r in results if r["date_start"]]
    undated = [r for r in results if not r["date_start"]]

    assert results == dated + undated
    keys = [(r["date_start"], r["date_end"], r["slug"]) for r in dated]
    assert keys == sorted(keys)
    assert [r["slug"] for r in undated] == sorted(r["slug"] for r in undated)


def test_previous_walks_back_to_the_first_page(api):
    first = api.get(URL, {"page_size": 3}).json()
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()

    assert first["previous"] is None
    assert [r["slug"] for r in back["results"]] == [r["slug"] for r in first["results"]]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"actr": "wang-yi"}, "actr"),
        ({"actor": "nobody"}, "actor"),
        ({"date_from": "20-11-2023"}, "date_from"),
        ({"format": "telepathy"}, "format"),
        ({"country": "china"}, "country"),
        ({"ordering": "shoe_size"}, "ordering"),
        ({"page_size": "500"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_input_is_a_problem_naming_the_parameter(api, query, parameter):
    body = assert_problem(api.get(URL, query), 400, parameter)
    assert body["instance"] == URL


def test_errors_say_what_is_accepted(api):
    body = api.get(URL, {"format": "telepathy", "date_to": "soon"}).json()
    messages = {e["name"]: e["detail"] for e in body["errors"]}

    assert "in_person, phone, virtual, unspecified" in messages["format"]
    assert "YYYY-MM-DD" in messages["date_to"]


def test_a_cursor_from_another_ordering_is_refused(api):
    next_link = api.get(URL, {"page_size": 2}).json()["next"]
    assert_problem(api.get(next_link + "&ordering=title"), 400, "cursor")


def test_an_unknown_meeting_is_a_404_problem(api):
    assert_problem(api.get(f"{URL}no-such-meeting/"), 404)


def test_a_filtered_list_adds_one_query_per_slug_checked(api, django_assert_max_num_queries):
    # the actor slug and the source slug are looked up, then the 3 queries of the list
    with django_assert_max_num_queries(5):
        assert (
            api.get(URL, {"actor": "wang-yi", "source": "cnn-china-urgent-action-gaza"}).status_code
            == 200
        )


def test_the_detail_runs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    # meeting, participants with actors, topics, citations
    with django_assert_max_num_queries(4):
        assert api.get(f"{URL}beijing-arab-islamic-ministers-2023-11-20/").status_code == 200
