import pytest

from tests.api.helpers import assert_problem, slugs

pytestmark = pytest.mark.django_db

URL = "/api/v1/resolutions/"


def test_the_first_security_council_resolution_and_its_abstentions(api):
    resolution = api.get(f"{URL}unsc-first-resolution-2023-11/").json()

    assert resolution["symbol"] is None
    assert resolution["outcome"] == "adopted" and resolution["body"] == "unsc"
    assert resolution["date_precision"] == "week" and resolution["date"] == "2023-11-13/2023-11-19"
    assert {(v["actor"]["slug"], v["position"]) for v in resolution["votes"]} == {
        ("united-states", "abstain"),
        ("united-kingdom", "abstain"),
    }


def test_voter_and_position_describe_one_vote(api):
    assert slugs(api.get(URL, {"voter": "united-states", "position": "no"})) == [
        "unsc-brazil-draft"
    ]
    assert slugs(api.get(URL, {"voter": "united-states", "position": "abstain"})) == [
        "unsc-first-resolution-2023-11"
    ]


def test_sponsor_outcome_and_body_filters(api):
    assert slugs(api.get(URL, {"sponsor": "russia"})) == [
        "unsc-russia-draft-humanitarian-ceasefire"
    ]
    assert slugs(api.get(URL, {"outcome": "vetoed", "body": "unsc"})) == ["unsc-brazil-draft"]


def test_position_without_voter_is_a_problem(api):
    assert_problem(api.get(URL, {"position": "no"}), 400, "position")


def test_the_resolution_detail_runs_a_constant_number_of_queries(
    api, django_assert_max_num_queries
):
    # resolution, sponsors, votes with actors, topics, citations
    with django_assert_max_num_queries(5):
        assert api.get(f"{URL}unsc-first-resolution-2023-11/").status_code == 200
