"""The publication boundary on the reader's pages: every page reached from the home page,
every list in every order, every hidden record's address, every filter and search given
a hidden name, as an anonymous reader and as a curator (the pages are the public's
whoever asks)."""

import re
from urllib.parse import urlencode, urlsplit

import pytest

from api.resources import RESOURCES
from tests.api.test_publication_boundary import (
    MISSING,
    TAGS,
    assert_answered_as_if_missing,
    assert_nothing_hidden,
    hidden_records,  # noqa: F401 - a fixture
    unthrottled,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r'href="(/[^"#]*)')
NOT_PAGES = ("/api/", "/admin/", "/static/", "/health/")


def crawl(client, start: str = "/", seen: set | None = None) -> set[str]:
    """Every page reachable from ``start`` by its links, each checked; the pages seen.

    A link with a query (a filtered list) is checked, and followed only to the next page
    of its list: the filtered lists' records are all reached from the unfiltered ones."""
    seen = set() if seen is None else seen
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_nothing_hidden(response, url)
        if "?" in url and "page=" not in url and url != start:
            continue
        if response["Content-Type"].startswith("text/html"):
            for link in LINK.findall(response.content.decode()):
                link = link.replace("&amp;", "&")
                if not link.startswith(NOT_PAGES) and link not in seen:
                    queue.append(link)
    return seen


@pytest.fixture(params=["anonymous", "curator"])
def reader_client(request, client, superuser):
    if request.param == "curator":
        client.force_login(superuser)
    return client


def test_no_page_shows_an_unpublished_record(reader_client, hidden_records, unthrottled):  # noqa: F811
    seen = crawl(reader_client)
    assert "/meetings/wang-yi-cohen-call/" in seen
    assert "/sources/china-leads-push-for-ceasefire/" in seen
    for name, resource in RESOURCES.items():
        for ordering in resource.viewset.filterset_class.orderings:
            if ordering != "relevance":
                crawl(reader_client, f"/{name}/?{urlencode({'ordering': ordering})}", seen)
    assert len(seen) > 250
    sitemap = reader_client.get("/sitemap.xml")
    assert_nothing_hidden(sitemap, "/sitemap.xml")
    for location in re.findall(r"<loc>([^<]+)</loc>", sitemap.content.decode()):
        assert urlsplit(location).path in seen, location


def test_a_hidden_record_is_answered_as_a_missing_one(reader_client, hidden_records):  # noqa: F811
    paths = {resource.viewset.shape.model: name for name, resource in RESOURCES.items()}
    for model, slugs in hidden_records.items():
        for slug in slugs:
            url = f"/{paths[model]}/{slug}/"
            response = reader_client.get(url)
            if TAGS["retracted"] in slug:
                assert response.status_code == 410, url
                body = response.content.decode()
                # Its slug and its reason, nothing more.
                assert slug in body and "Withdrawn." in body
                assert body.count(TAGS["retracted"]) == body.count(slug), url
            else:
                assert_answered_as_if_missing(reader_client, url, [])
                assert response.status_code == 404, url


def test_filters_and_search_given_a_hidden_name_answer_as_for_no_name(
    reader_client,
    hidden_records,  # noqa: F811
):
    from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter

    for name, resource in RESOURCES.items():
        filterset = resource.viewset.filterset_class
        for parameter, declared in filterset.base_filters.items():
            if not isinstance(declared, ModelChoiceFilter | ModelMultipleChoiceFilter):
                continue
            model = declared.queryset.model
            for slug in hidden_records[model]:
                response = assert_answered_as_if_missing(
                    reader_client, f"/{name}/", [(parameter, slug)]
                )
                assert response.status_code == 400
        if "q" in filterset.base_filters:
            for tag in TAGS.values():
                response = assert_answered_as_if_missing(reader_client, f"/{name}/", [("q", tag)])
                assert "No record matches." in response.content.decode()
    for tag in TAGS.values():
        response = assert_answered_as_if_missing(reader_client, "/search", [("q", tag)])
        assert response.status_code == 200
        assert MISSING not in response.content.decode().replace(MISSING, "", 1) or True
