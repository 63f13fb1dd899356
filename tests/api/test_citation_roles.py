"""A citation supports its record (the excerpt alone establishes the fact) or gives it
context (it frames it). Who reported a record counts support only."""

import pytest

from diplomacy.models import Citation
from tests.api.helpers import assert_problem
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def slugs(api, url, **params) -> set[str]:
    response = api.get(url, {**params, "page_size": 200})
    assert response.status_code == 200, response.content
    return {record["slug"] for record in response.json()["results"]}


def test_an_article_lists_only_the_records_it_reports(api):
    """The March article says officials "have been in contact" since the war began: context
    for October's calls, which it never reports."""
    listed = slugs(api, "/api/v1/meetings/", source="wang-kejian-meets-haniyeh")

    assert "wang-kejian-meets-haniyeh-qatar" in listed
    assert not {"wang-yi-cohen-call", "wang-yi-al-maliki-call"} & listed
    call = api.get("/api/v1/meetings/wang-yi-cohen-call/").json()
    roles = {(c["source"], c["role"]) for c in call["citations"]}
    assert ("wang-kejian-meets-haniyeh", "context") in roles
    assert ("wang-yi-calls-cohen-and-al-maliki", "support") in roles


def test_whom_a_record_is_attributed_to_counts_support_only(api):
    url = "/api/v1/meetings/"
    assert "wang-kejian-meets-haniyeh-qatar" in slugs(api, url, attributed_to="hamas-media-office")

    Citation.objects.filter(
        meeting__slug="wang-kejian-meets-haniyeh-qatar", attributed_to__slug="hamas-media-office"
    ).update(role="context")

    assert "wang-kejian-meets-haniyeh-qatar" not in slugs(
        api, url, attributed_to="hamas-media-office"
    )


def test_a_record_needs_a_citation_that_supports_it(superuser):
    body = {
        "slug": "zz-context-only",
        "title": "Context only",
        "format": "in_person",
        "date_precision": "unknown",
        "citations": [
            {
                "source": "wang-kejian-meets-haniyeh",
                "excerpt": "In addition to these visits",
                "role": "context",
            }
        ],
    }
    response = token_client(superuser).post("/api/v1/meetings/", body, format="json")

    problem = assert_problem(response, 400, "citations")
    assert "supports it" in problem["errors"][0]["detail"]

    body["citations"].append(
        {"source": "wang-kejian-meets-haniyeh", "excerpt": "recently met with Hamas"}
    )
    created = token_client(superuser).post("/api/v1/meetings/", body, format="json")
    assert created.status_code == 201, created.content
    assert sorted(c["role"] for c in created.json()["citations"]) == ["context", "support"]
