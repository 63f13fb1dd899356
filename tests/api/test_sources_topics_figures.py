import pytest

from diplomacy.models import Source
from tests.api.helpers import assert_problem, slugs

pytestmark = pytest.mark.django_db


def test_sources_list_publication_dates_and_the_detail_gives_the_text(api):
    listed = api.get("/api/v1/sources/").json()
    detail = api.get("/api/v1/sources/china-leads-push-for-ceasefire/").json()

    assert listed["count"] == 5
    assert "text" not in listed["results"][0]
    assert (detail["date_start"], detail["date_end"]) == ("2023-11-20", "2023-11-21")
    assert detail["date"] == "2023-11-20/2023-11-21" and detail["date_precision"] == "week"
    assert detail["text"] == Source.objects.get(slug="china-leads-push-for-ceasefire").text
    assert detail["article_url"] is None


def test_sources_filter_by_outlet_and_date(api):
    assert set(slugs(api.get("/api/v1/sources/", {"outlet": "cnn"}))) == {
        "cnn-china-urgent-action-gaza",
        "wang-kejian-meets-haniyeh",
    }
    assert slugs(api.get("/api/v1/sources/", {"date_from": "2024-01-01"})) == [
        "wang-kejian-meets-haniyeh"
    ]


def test_topics_are_listed(api):
    assert "ceasefire" in slugs(api.get("/api/v1/topics/", {"page_size": 200}))


def test_disagreeing_figures_stay_side_by_side(api):
    deaths = api.get("/api/v1/figures/", {"measure": "oct7-attack-deaths"}).json()["results"]

    assert {(f["qualifier"], f["value"]) for f in deaths} >= {
        ("more_than", 1200),
        ("at_least", 1400),
    }
    assert len({f["citations"][0]["source"] for f in deaths}) == len(deaths)


@pytest.mark.parametrize(
    "url", ["/api/v1/sources/china-leads-push-for-ceasefire/", "/api/v1/topics/ceasefire/"]
)
def test_small_details_run_one_query(api, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert api.get(url).status_code == 200


def test_a_detail_refuses_query_parameters(api):
    assert_problem(api.get("/api/v1/topics/ceasefire/", {"actor": "x"}), 400, "actor")
