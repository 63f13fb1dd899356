"""The reader's pages in a real browser: every kind of page at a phone's width and a
laptop's, with no horizontal scroll, no serious or critical accessibility violation
(axe-core, bundled with axe-playwright-python and injected from this machine), no
request leaving the host, and under 100 KB of HTML and CSS.

Runs in Debian's Chromium against pytest-django's live server, in the browser tests'
own run (`make test`). PAGES_SCREENSHOTS=DIR keeps a screenshot of each page.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

from diplomacy import services
from diplomacy.loading.loader import load_seed_data
from diplomacy.models import Meeting, Statement

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = os.environ.get("PAGES_SCREENSHOTS")
WIDTHS = (390, 1366)
LIMIT = 100_000  # bytes of HTML and CSS a page may take
SERIOUS = {"serious", "critical"}


@pytest.fixture
def seeded(unthrottled):  # noqa: F811 - pages are crawled from one address
    if not Meeting.objects.exists():  # a transactional test before this one emptied it
        load_seed_data(settings.FIXTURES_DIR, settings.SEEDS_DIR)
    retracted = Meeting.objects.get(slug="wang-yi-cohen-call")
    services.record_set_status(retracted, "retracted", "Shown retracted.", by=services.LOADER)
    quote = Statement.objects.filter(kind="quote", status="published").first()
    return {
        "home": "/",
        "meeting": "/meetings/wang-kejian-meets-haniyeh-qatar/",
        "quote": f"/statements/{quote.slug}/",
        "resolution": "/resolutions/unsc-first-resolution-2023-11/",
        "figure": "/figures/oct7-deaths-more-than-1200/",
        "actor": "/actors/wang-yi/",
        "topic": "/topics/hostages/",
        "source": "/sources/china-leads-push-for-ceasefire/",
        "list": "/statements/?speaker=wang-yi",
        "search": "/search?q=ceasefire",
        "missing": "/meetings/no-such-meeting/",
        "retracted": "/meetings/wang-yi-cohen-call/",
    }


from tests.api.test_publication_boundary import unthrottled  # noqa: E402, F401


class Watch:
    """What the page loads: anything from another host, and the bytes of HTML and CSS."""

    def __init__(self, host: str):
        self.host, self.elsewhere, self.weights = host, [], {}

    def response(self, response) -> None:
        if urlsplit(response.url).netloc != self.host:
            self.elsewhere.append(response.url)
        kind = response.headers.get("content-type", "")
        if kind.startswith(("text/html", "text/css")):
            self.weights[response.url] = len(response.body())

    def failed(self, request) -> None:
        self.elsewhere.append(request.url)


def test_every_kind_of_page_reads_on_a_phone_and_a_laptop_and_links_to_its_words(
    live_server, seeded
):
    axe = Axe()
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            watch = Watch(urlsplit(live_server.url).netloc)
            page.on("response", watch.response)
            page.on("requestfailed", watch.failed)
            for name, path in seeded.items():
                watch.weights.clear()
                response = page.goto(live_server.url + path)
                expected = {"missing": 404, "retracted": 410}.get(name, 200)
                assert response.status == expected, (path, response.status)
                scroll = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if scroll > 0:
                    problems.append(f"{path} at {width}px scrolls sideways by {scroll}px")
                weight = sum(watch.weights.values())
                if weight > LIMIT:
                    problems.append(f"{path} weighs {weight} bytes of HTML and CSS")
                for violation in axe.run(page).response["violations"]:
                    if violation["impact"] in SERIOUS:
                        targets = [node["target"] for node in violation["nodes"]][:3]
                        problems.append(f"{path} at {width}px: {violation['id']} {targets}")
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
            assert not watch.elsewhere, watch.elsewhere
            page.close()
        one_click_from_a_fact_to_its_words(browser, live_server.url + seeded["meeting"])
        browser.close()
    assert not problems, "\n".join(problems)
    print(f"\n{len(seeded)} pages at {WIDTHS} px: no sideways scroll, no serious violation")


def one_click_from_a_fact_to_its_words(browser, meeting: str) -> None:
    """An excerpt on a meeting's page opens the article with exactly those words
    highlighted, in view, at a phone's width."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(meeting)
    first = page.locator(".citations li").nth(1)
    excerpt = first.locator("blockquote").inner_text().strip()
    first.locator(".meta a").last.click()
    page.wait_for_load_state()
    assert "/sources/" in page.url and "#c-" in page.url
    marked = "".join(page.locator("mark.target").all_inner_texts())
    assert marked == excerpt
    box = page.locator("mark.target").first.bounding_box()
    assert box is not None and 0 <= box["y"] < 800
    page.close()
