import pytest

from tests.api.helpers import assert_problem, slugs, walk

pytestmark = pytest.mark.django_db

URL = "/api/v1/actors/"


def test_q_matches_names_and_aliases_case_insensitively(api):
    assert "riyad-al-maliki" in slugs(api.get(URL, {"q": "riyad al-maliki"}))
    assert "oic" in slugs(api.get(URL, {"q": "organization of islamic"}))


def test_kind_and_country_filters(api):
    people = api.get(URL, {"kind": "person", "country": "CN", "page_size": 200}).json()["results"]

    assert {"wang-yi", "zhai-jun", "xi-jinping"} <= {a["slug"] for a in people}
    assert all(a["kind"] == "person" and a["country"] == "CN" for a in people)


def test_an_actor_carries_positions_and_the_detail_counts_records(api):
    actor = api.get(f"{URL}wang-yi/").json()

    assert actor["affiliation"] == "china"
    assert "Foreign Minister" in [p["title"] for p in actor["positions"]]
    assert actor["meeting_count"] >= 8
    assert actor["statement_count"] >= 10


def test_the_actor_list_is_by_name_and_walks_completely(api):
    total = api.get(URL).json()["count"]
    seen, _ = walk(api, f"{URL}?page_size=25&ordering=-name")
    assert len(seen) == total == len(set(seen))


def test_bad_actor_filters_are_problems(api):
    assert_problem(api.get(URL, {"kind": "robot"}), 400, "kind")


def test_the_actor_detail_runs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    # actor with affiliation and counts, positions with organizations
    with django_assert_max_num_queries(2):
        assert api.get(f"{URL}wang-yi/").status_code == 200
