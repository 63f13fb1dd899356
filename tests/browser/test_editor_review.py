"""An editor, in a real browser, turns an article the rules were not tuned on into published
records through the review screen: paste, review, correct, accept or reject, mark, publish.
Then the publication boundary is crawled: nothing the editor did not accept is public.

Runs in Debian's Chromium (bin/install-chromium) driven by Playwright, against the app
served by pytest-django's live server; its own test run (`make test` runs it after the
rest), as it commits to the database. It prints the fields typed and the page loads.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import sync_playwright

from diplomacy.models import Actor, Meeting, Position, Source, Statement
from intake.models import Intake
from intake.services import intake_article, proposal_accept
from tests.api.test_publication_boundary import (  # noqa: F401 (unthrottled: a fixture)
    crawl_details,
    crawl_lists,
    unthrottled,
)
from tests.conftest import make_user

# Playwright's synchronous API runs an event loop in this thread; the ORM calls below are
# made between its calls, never inside them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTICLE = (Path(__file__).parent / "article.txt").read_text(encoding="utf-8")
# A second article, taken in and left as drafts: none of its words may become public.
DRAFT_ARTICLE = (
    "Zqdraft Envoy met Wang Yi in Beijing on Monday, the Chinese Foreign Ministry said.\n"
    '"We discussed zqdraft matters," Zqdraft Envoy said.\n'
)
SAID = "Wang said the international community must act to stop the fighting in Gaza"
SHOTS = os.environ.get("REVIEW_SCREENSHOTS")  # a folder: the screens, for the docs


@pytest.fixture
def editor():
    """A curator with the publish right, as `create_curator --can-publish` makes one."""
    from django.contrib.auth.models import Permission

    user = make_user("editor", groups=["curators"])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="diplomacy", codename__startswith="publish_"
        )
    )
    return user


class Editor:
    """The browser, counting what the editor types into the records' fields and every page
    the browser loads."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.typed: list[str] = []
        self.loads: list[str] = []
        page.on("load", lambda loaded: self.loads.append(loaded.url))

    def type(self, selector: str, value: str) -> None:
        self.typed.append(selector)
        self.page.fill(selector, value)

    def shot(self, name: str, full: bool = False) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=full)

    def card(self, words: str):
        return self.page.locator("article.card", has_text=words).first

    def accept(self, words: str):
        card = self.card(words)
        card.locator("input[value=accept]").check()
        return card

    def reject(self, words: str, reason: str) -> None:
        card = self.card(words)
        card.locator("input[value=reject]").check()
        card.locator("select[name$=-reason]").select_option(reason)


@pytest.mark.usefixtures("unthrottled")
def test_an_editor_publishes_an_unseen_readout_and_nothing_else_becomes_public(
    live_server, editor, api
):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        you = Editor(page, live_server.url)

        # Signing in lands on the page that takes an article in.
        page.goto(f"{live_server.url}/admin/login/?next=/admin/intake/intake/add/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "pw-1-long-enough")
        page.click("input[type=submit]")
        you.shot("1-take-in")
        you.type("#id_text", ARTICLE)
        page.click("input[type=submit]")
        page.wait_for_url("**/review/")
        you.shot("2-review")

        # The review: the rules' proposals beside the text.
        you.accept("Title: Wang Yi holds phone talks")
        you.accept("Published 2024-05-08")
        you.accept("Hakan Fidan: a new person")
        you.reject("Ukraine: a new state", "Background: no record needed")
        you.accept("Hakan Fidan: Foreign Minister")
        you.accept("Wang Yi: Foreign Minister")  # the record knows the post: one more citation
        call_title = "Call between Wang Yi and Hakan Fidan"
        call = you.accept(call_title)
        assert "2024-05-07 (day)" in call.inner_text()  # "on Tuesday", before 8 May
        you.accept("The top priority is an immediate and lasting ceasefire")
        # A paraphrase is what follows "X said"; this one was said during the call, which
        # the next sentence tells: the editor picks the call, and cuts the excerpt to the
        # words by selecting them in the text.
        wang = you.accept("The international community must act")
        wang.locator("summary").click()
        wang.locator("select[name$=-meeting]").select_option(label=call_title)
        page.evaluate(
            """words => {
                const article = document.getElementById("article");
                const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const at = walker.currentNode.textContent.indexOf(words);
                    if (at >= 0) {
                        const range = document.createRange();
                        range.setStart(walker.currentNode, at);
                        range.setEnd(walker.currentNode, at + words.length);
                        getSelection().removeAllRanges();
                        getSelection().addRange(range);
                        return;
                    }
                }
            }""",
            SAID,
        )
        wang.locator("button.use-selection").click()
        assert wang.locator(".excerpt").inner_text() == SAID
        you.accept("Türkiye appreciated China's position")
        page.select_option(
            "select.mark-choice >> nth=-1", "background"
        )  # "The two ministers also exchanged views on the situation in Ukraine."
        wang.scroll_into_view_if_needed()
        you.shot("3-corrected")
        page.click("button[value=decide]")
        page.wait_for_load_state()
        assert not page.locator(".messagelist .error").count(), page.locator(
            ".messagelist"
        ).inner_text()
        assert "0 proposals undecided" in page.inner_text(".intake-lead")

        # The preview shows the records as the API will; one action publishes them all.
        page.locator("#publish details").nth(2).click()
        page.locator("#publish").scroll_into_view_if_needed()
        you.shot("4-preview")
        page.click("button[value=publish]")
        page.wait_for_load_state()
        assert "Published: the article" in page.inner_text(".messagelist")
        you.shot("5-published")

        # A reader finds the call in the public API.
        meeting = Meeting.objects.get(title="Call between Wang Yi and Hakan Fidan")
        page.goto(f"{live_server.url}/api/v1/meetings/{meeting.slug}.json")
        assert "Hakan Fidan" in page.inner_text("body")
        browser.close()

    print(
        f"\nreview of {len(ARTICLE.split())} words: {len(you.typed)} fields typed for "
        f"{published_count()} records published, {len(you.loads)} page loads"
    )
    assert len(you.typed) <= published_count()  # at most one typed field per record
    assert len(you.loads) < 15

    # What the editor decided, and only that, is public.
    source = Source.objects.get(intake__isnull=False, title__startswith="Wang Yi holds phone")
    assert source.status == "published" and str(source.date_start) == "2024-05-08"
    assert meeting.status == "published" and meeting.format == "phone"
    assert sorted(meeting.participants.values_list("name", flat=True)) == [
        "Hakan Fidan",
        "Wang Yi",
    ]
    quote = Statement.objects.get(text__startswith="The top priority", citations__source=source)
    assert quote.meeting == meeting  # "said during the call"
    assert (quote.date_start, quote.date_precision) == (meeting.date_start, "day")
    assert (
        Statement.objects.get(
            text__startswith="Türkiye appreciated", citations__source=source
        ).status
        == "published"
    )
    paraphrase = Statement.objects.get(
        text__startswith="The international community must", citations__source=source
    )
    assert paraphrase.meeting == meeting and paraphrase.date_start == meeting.date_start
    assert paraphrase.citations.get().excerpt == SAID  # the words the editor selected
    assert Actor.objects.get(name="Hakan Fidan").status == "published"
    assert not Actor.objects.filter(name="Ukraine").exists()
    assert Position.objects.filter(actor__slug="wang-yi", title="Foreign Minister").count() == 1

    # The boundary: a second article accepted as drafts and never published leaks nowhere.
    draft = intake_article(by=editor, text=DRAFT_ARTICLE)
    for proposal in draft.proposals.all():
        proposal_accept(proposal, corrections={}, by=editor)
    cache.clear()
    visited = set()
    crawl_lists(api, visited)
    crawl_details(api)
    assert meeting.slug in visited and source.slug in visited
    assert not any("zqdraft" in slug for slug in visited)
    for url in ("/api/v1/intake/", f"/api/v1/intake/{draft.source.slug}/"):
        response = api.get(url)
        assert response.status_code in (401, 403), url
        assert "Zqdraft Envoy" not in response.content.decode()  # its address only, echoed
    review = api.get(f"/admin/intake/intake/{draft.pk}/review/")
    assert review.status_code == 302 and "/admin/login/" in review["Location"]
    assert Intake.objects.count() == 2


def published_count() -> int:
    """The records the article wrote or is one more citation of, now published: the source
    and those of its accepted proposals (not the actors the record knew)."""
    intake = Intake.objects.order_by("created_at").first()
    written = {
        (proposal.kind, proposal.record_slug)
        for proposal in intake.proposals.filter(status="accepted")
        if not (proposal.kind == "actor" and proposal.data.get("actor"))
        and proposal.kind != "source"
    }
    models = {"actor": Actor, "meeting": Meeting, "position": Position, "statement": Statement}
    published = sum(
        models[kind].objects.filter(slug=slug, status="published").exists()
        for kind, slug in written
    )
    return published + (intake.source.status == "published")
