import pytest
from django.db import connection

from tests.api.helpers import assert_problem, slugs, walk

pytestmark = pytest.mark.django_db

URL = "/api/v1/statements/"


def speakers(response) -> set[str]:
    return {record["speaker"]["slug"] for record in response.json()["results"]}


@pytest.mark.parametrize(
    "q", ["collective punishment", '"collective punishment"', "Collective PUNISHMENT"]
)
def test_statements_about_collective_punishment_come_from_wang_yi(api, q):
    response = api.get(URL, {"q": q})

    assert response.json()["count"] >= 2
    assert speakers(response) == {"wang-yi"}


def test_a_phrase_matches_only_the_words_in_that_order(api):
    assert api.get(URL, {"q": '"punishment collective"'}).json()["count"] == 0


def test_an_excluded_word_removes_matches(api):
    every = slugs(api.get(URL, {"q": "collective punishment"}))
    fewer = slugs(api.get(URL, {"q": "collective punishment -corridor"}))

    assert set(fewer) < set(every)


def test_or_widens_a_search(api):
    sympathy = api.get(URL, {"q": "sympathizes"}).json()["count"]
    either = api.get(URL, {"q": "sympathizes or catalyst"}).json()["count"]

    assert either > sympathy >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_search_is_stemmed_on_postgresql(api):
    assert api.get(URL, {"q": "sympathize"}).json()["count"] >= 1


def test_a_search_of_exclusions_alone_keeps_everything_else(api):
    total = api.get(URL).json()["count"]
    with_ceasefire = api.get(URL, {"q": "ceasefire"}).json()["count"]

    assert api.get(URL, {"q": "-ceasefire"}).json()["count"] == total - with_ceasefire


def test_quotes_keep_the_exact_words_and_cite_them(api):
    response = api.get(URL, {"speaker": "faisal-bin-farhan", "kind": "quote"})
    (quote,) = response.json()["results"]

    assert quote["text"].startswith("The message is clear: the war must stop immediately")
    assert quote["text"] in quote["citations"][0]["excerpt"]
    assert quote["meeting"] == "beijing-arab-islamic-ministers-2023-11-20"
    assert quote["date"] == "2023-11-20"


def test_audience_meeting_and_topic_filters(api):
    to_cohen = slugs(api.get(URL, {"audience": "eli-cohen"}))
    at_call = slugs(api.get(URL, {"meeting": "wang-yi-cohen-call"}))

    assert to_cohen and set(to_cohen) <= set(at_call)
    by_topic = api.get(URL, {"topic": "two-state-solution", "page_size": 200}).json()
    assert all("two-state-solution" in r["topics"] for r in by_topic["results"])


def test_date_and_source_filters(api):
    response = api.get(
        URL, {"date_from": "2024-01-01", "source": "wang-kejian-meets-haniyeh", "page_size": 200}
    )
    results = response.json()["results"]

    assert results
    assert all(r["date_end"] >= "2024-01-01" for r in results)  # overlapping the window
    assert all(
        any(c["source"] == "wang-kejian-meets-haniyeh" for c in r["citations"]) for r in results
    )


@pytest.mark.parametrize("ordering", ["date", "-date"])
def test_following_next_visits_every_statement_once(api, ordering):
    total = api.get(URL).json()["count"]
    seen, _ = walk(api, f"{URL}?page_size=7&ordering={ordering}")
    assert len(seen) == total == len(set(seen))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"speaker": "nobody"}, "speaker"),
        ({"kind": "rumour"}, "kind"),
        ({"spaeker": "wang-yi"}, "spaeker"),
    ],
)
def test_bad_statement_filters_are_problems(api, query, parameter):
    assert_problem(api.get(URL, query), 400, parameter)


def test_the_statement_detail_runs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    slug = api.get(URL).json()["results"][0]["slug"]
    # statement with speaker, audience, topics, citations
    with django_assert_max_num_queries(4):
        assert api.get(f"{URL}{slug}/").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_relevance_ranks_the_best_match_first_and_pages_completely(api):
    query = {"q": "collective punishment Gaza", "ordering": "relevance", "page_size": 1}
    first = api.get(URL, query).json()
    seen, _ = walk(api, f"{URL}?q=ceasefire&ordering=relevance&page_size=2")

    assert first["results"][0]["speaker"]["slug"] == "wang-yi"
    assert len(seen) == api.get(URL, {"q": "ceasefire"}).json()["count"] == len(set(seen))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_statement_search_uses_the_full_text_index(api):
    from diplomacy.models import Statement
    from diplomacy.search import full_text_search

    queryset = full_text_search(Statement.objects.all(), "ceasefire")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "diplomacy_statement_search_document" in plan


def test_a_changed_statement_is_found_by_its_new_words(api):
    from diplomacy.models import Statement

    statement = Statement.objects.get(slug="faisal-message-is-clear")
    statement.text = "A wholly rewritten quillwort sentence."
    statement.save()

    assert slugs(api.get(URL, {"q": "quillwort"})) == ["faisal-message-is-clear"]
    assert "faisal-message-is-clear" not in slugs(api.get(URL, {"q": "message"}))


def test_relevance_needs_q(api):
    assert_problem(api.get(URL, {"ordering": "relevance"}), 400, "ordering")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no ranking")
def test_relevance_is_refused_without_postgresql(api):
    body = assert_problem(
        api.get(URL, {"q": "ceasefire", "ordering": "relevance"}), 400, "ordering"
    )
    assert "PostgreSQL" in body["errors"][0]["detail"]


def test_a_removed_statement_leaves_the_search_index(api):
    from diplomacy.models import Statement

    assert "faisal-message-is-clear" in slugs(api.get(URL, {"q": "message"}))
    Statement.objects.filter(slug="faisal-message-is-clear").delete()

    assert "faisal-message-is-clear" not in slugs(api.get(URL, {"q": "message"}))
