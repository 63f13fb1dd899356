"""On whose word each fact rests: attributions on citations, claims, and inferred identities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomacy.models import Actor, Citation, Statement
from tests.api.helpers import assert_problem, slugs
from tests.conftest import make_user, token_client

pytestmark = pytest.mark.django_db


def test_a_citation_says_on_whose_word_the_source_reports_it(api):
    figure = api.get("/api/v1/figures/oct7-hostages-more-than-200-idf/").json()
    (citation,) = figure["citations"]

    assert citation["attribution"] == "according to the Israel Defense Forces"
    assert citation["attributed_to"] == "israel-defense-forces"
    assert citation["attribution"] in citation["excerpt"]


def test_a_citation_that_names_nobody_is_the_outlets_own_reporting(api):
    figure = api.get("/api/v1/figures/oct7-deaths-more-than-1200/").json()

    assert [(c["attribution"], c["attributed_to"]) for c in figure["citations"]] == [(None, None)]


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/statements/", "/api/v1/figures/"])
def test_records_resting_on_an_actors_word_are_found_by_it(api, url):
    every = api.get(url, {"page_size": 200}).json()["results"]
    credited = {
        record["slug"]
        for record in every
        if any(
            c["attributed_to"] == "chinese-foreign-ministry" and c["role"] == "support"
            for c in record["citations"]
        )
    }

    found = set(
        slugs(api.get(url, {"attributed_to": "chinese-foreign-ministry", "page_size": 200}))
    )

    assert found == credited
    if url != "/api/v1/figures/":
        assert found


def test_an_unknown_actor_in_attributed_to_is_a_400(api):
    assert_problem(api.get("/api/v1/meetings/", {"attributed_to": "nobody"}), 400, "attributed_to")


def test_a_meeting_on_one_partys_word_is_marked_and_found_as_a_claim(api):
    meeting = api.get("/api/v1/meetings/hamas-meets-cao-xiaolin-qatar/").json()

    assert meeting["attestation"] == "claimed"
    assert "Foreign Ministry" in meeting["attestation_note"]
    claimed = slugs(api.get("/api/v1/meetings/", {"attestation": "claimed", "page_size": 200}))
    assert "hamas-meets-cao-xiaolin-qatar" in claimed
    reported = slugs(api.get("/api/v1/meetings/", {"attestation": "reported", "page_size": 200}))
    assert "hamas-meets-cao-xiaolin-qatar" not in reported


def test_a_person_identified_by_inference_is_marked_with_the_evidence(api):
    meeting = api.get("/api/v1/meetings/wang-yi-saudi-call/").json()
    (faisal,) = [p for p in meeting["participants"] if p["actor"]["slug"] == "faisal-bin-farhan"]

    assert faisal["identification"] == "inferred"
    assert "cnn-china-urgent-action-gaza" in faisal["identification_note"]
    inferred = slugs(api.get("/api/v1/meetings/", {"identification": "inferred", "page_size": 200}))
    assert "wang-yi-saudi-call" in inferred
    assert "beijing-arab-islamic-ministers-2023-11-20" not in inferred


def test_the_schema_documents_attributions_claims_and_inferences(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    citation = components["Citation"]["properties"]
    participant = components["Participant"]["properties"]
    meeting_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]
    }

    assert {"attribution", "attributed_to"} <= set(citation)
    assert "identification" in participant
    assert {"attestation", "attestation_note", "date"} <= set(components["Meeting"]["properties"])
    assert {"attestation", "attributed_to", "identification", "date", "date_match"} <= (
        meeting_parameters
    )


def test_the_write_api_takes_attributions_and_refuses_an_actor_without_words(db):
    editor = make_user("attributing-editor", superuser=True)
    client = token_client(editor)
    statement = Statement.objects.get(slug="faisal-message-is-clear")
    citation = statement.citations.get()
    base = {
        "slug": "a-credited-remark",
        "speaker": "faisal-bin-farhan",
        "kind": "paraphrase",
        "text": "The war must stop.",
        "date_precision": "unknown",
    }
    unworded = {"source": citation.source.slug, "excerpt": citation.excerpt}

    refused = client.post(
        "/api/v1/statements/",
        base | {"citations": [unworded | {"attributed_to": "chinese-foreign-ministry"}]},
        format="json",
    )
    assert_problem(refused, 400, "citations.0.attribution")

    worded = unworded | {
        "attribution": "according to China’s Foreign Ministry",
        "attributed_to": "chinese-foreign-ministry",
    }
    created = client.post("/api/v1/statements/", base | {"citations": [worded]}, format="json")
    assert created.status_code == 201, created.content
    (stored,) = Citation.objects.filter(statement__slug="a-credited-remark")
    assert stored.attributed_to == Actor.objects.get(slug="chinese-foreign-ministry")
    assert created.json()["citations"][0]["attributed_to"] == "chinese-foreign-ministry"


@pytest.mark.parametrize(
    "query",
    [
        {"attributed_to": "chinese-foreign-ministry"},
        {"attestation": "claimed"},
        {"identification": "inferred"},
    ],
)
def test_filtering_on_whose_word_costs_a_bounded_number_of_queries(api, query):
    api.get("/api/v1/meetings/", query)

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/meetings/", query)

    assert response.status_code == 200
    assert len(queries) <= 5, [q["sql"] for q in queries]


@pytest.fixture
def editor_client(db):
    return token_client(make_user("credit-editor", superuser=True))


def credited_statement(attribution: dict, slug: str = "a-credited-claim") -> dict:
    statement = Statement.objects.get(slug="faisal-message-is-clear")
    citation = statement.citations.get()
    return {
        "slug": slug,
        "speaker": "faisal-bin-farhan",
        "kind": "paraphrase",
        "text": "The war must stop.",
        "citations": [{"source": citation.source.slug, "excerpt": citation.excerpt} | attribution],
    }


def test_an_attribution_must_be_the_sources_own_words(editor_client):
    invented = credited_statement({"attribution": "according to Mossad"})

    response = editor_client.post("/api/v1/statements/", invented, format="json")

    body = assert_problem(response, 400, "citations.0.attribution")
    assert "not in the source text" in str(body["errors"])
    assert not Statement.objects.filter(slug="a-credited-claim").exists()


def test_a_citation_read_back_can_be_written_back_with_its_null_attribution(editor_client):
    read = editor_client.get("/api/v1/statements/faisal-message-is-clear/").json()
    # The offsets are found from the excerpt; the attribution comes back as it was read.
    cited = [{k: v for k, v in c.items() if k not in ("start", "end")} for c in read["citations"]]
    assert cited[0]["attribution"] is None
    body = credited_statement({}) | {"citations": cited}

    response = editor_client.post("/api/v1/statements/", body, format="json")

    assert response.status_code == 201, response.content


def test_a_published_record_credits_only_published_actors(editor_client):
    Actor.objects.create(slug="draft-agency", name="Draft agency", kind="organization")
    words = {"attribution": "according to China’s Foreign Ministry"}
    draft_credit = credited_statement(words | {"attributed_to": "draft-agency"}) | {
        "status": "published"
    }

    response = editor_client.post("/api/v1/statements/", draft_credit, format="json")

    body = assert_problem(response, 400, "citations")
    assert "draft-agency" in str(body["errors"])
    assert not Statement.objects.filter(slug="a-credited-claim").exists()


def test_an_actor_credited_by_published_records_stays_published(editor_client):
    response = editor_client.patch(
        "/api/v1/actors/israel-defense-forces/",
        {"status": "retracted", "retraction_reason": "Merged."},
        format="json",
    )

    body = assert_problem(response, 400, "status")
    assert "oct7-hostages-more-than-200-idf" in str(body["errors"])
