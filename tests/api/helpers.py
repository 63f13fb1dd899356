from urllib.parse import urlsplit

PROBLEM = "application/problem+json"


def slugs(response) -> list[str]:
    return [record["slug"] for record in response.json()["results"]]


def walk(api, url: str) -> tuple[list[str], int]:
    """Follow `next` links from ``url``; return every slug seen and the number of pages."""
    seen, pages = [], 0
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        seen += slugs(response)
        pages += 1
        url = response.json()["next"]
        if url:
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
    return seen, pages


def assert_problem(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"]
    if parameter is not None:
        names = [error["name"] for error in body["errors"]]
        assert parameter in names, body
    return body
