"""Concurrent writes cannot slip past the publication rules: each waits for the other.

Two connections (two threads) act at once. While an editor's transaction publishes
a statement, a retraction of the source it cites, or a curator's edit of the same
statement, must wait for it to commit and then see the statement published: the
retraction is refused, and so is the curator's edit.

The threads commit for real (the test's own transaction cannot be seen from other
connections), so the statement they race over is created and removed by the test.
"""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from diplomacy import services
from diplomacy.models import Actor, Source, Statement

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are PostgreSQL's; SQLite lets one writer in at a time (settings)",
    ),
]

HOLD_SECONDS = 0.5


class RolledBack(Exception):
    """Raised to undo the second writer's transaction whatever it achieved."""


def in_a_thread(work) -> dict:
    """Run ``work`` on its own connection; what it returned or raised is in the result."""
    result = {}

    def run():
        try:
            result["value"] = work()
        except Exception as error:
            result["error"] = error
        finally:
            result["ended"] = time.monotonic()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    result["thread"] = thread
    return result


@pytest.fixture
def racing_statement():
    """A draft statement citing a source of its own, committed for other connections to see,
    and removed afterwards."""

    def create():
        with transaction.atomic():
            source = services.record_write(
                Source(
                    slug="race-source",
                    date_start="2023-11-22",
                    date_end="2023-11-22",
                    date_precision="day",
                    date_note="Dateline.",
                    text="Han Zheng spoke.",
                    status="published",
                ),
                by=services.LOADER,
                fields={},
            )
            statement = Statement(
                slug="race-statement",
                speaker=Actor.objects.get(slug="han-zheng"),
                kind="paraphrase",
                text="Words.",
                date_precision="unknown",
            )
            cited = services.CitationInput(source, "Han Zheng spoke.")
            return services.record_write(
                statement, by=services.LOADER, fields={}, citations=[cited]
            ).pk

    created = in_a_thread(create)
    created["thread"].join(10)
    yield created["value"]

    def remove():
        with transaction.atomic():
            Statement.objects.filter(pk=created["value"]).delete()
            Source.objects.filter(slug="race-source").delete()

    in_a_thread(remove)["thread"].join(10)


def publish_holding(pk: int, holding: threading.Event, release: threading.Event):
    def work():
        with transaction.atomic():
            record = Statement.objects.get(pk=pk)
            services.record_set_status(record, "published", by=services.LOADER)
            holding.set()
            release.wait(5)

    return work


def undone(work):
    def run():
        with transaction.atomic():
            result = work()
            raise RolledBack(result)

    return run


@pytest.mark.parametrize("second", ["retract the cited source", "a curator edits the statement"])
def test_a_write_waits_for_a_publication_under_way_and_then_obeys_it(
    second, racing_statement, curator
):
    holding, release = threading.Event(), threading.Event()

    def retract_source():
        source = Source.objects.get(slug="race-source")
        return services.record_set_status(source, "retracted", "Race.", by=services.LOADER)

    def edit_as_curator():
        record = Statement.objects.get(pk=racing_statement)  # still a draft, as committed
        return services.record_write(record, by=curator, fields={"text": "Edited."})

    first = in_a_thread(publish_holding(racing_statement, holding, release))
    assert holding.wait(5), first
    other = in_a_thread(undone(retract_source if second.startswith("retract") else edit_as_curator))
    time.sleep(HOLD_SECONDS)
    released = time.monotonic()
    release.set()
    first["thread"].join(10)
    other["thread"].join(10)

    assert "error" not in first, first
    assert other["ended"] >= released, "the second write went ahead of the publication"
    expected = ValidationError if second.startswith("retract") else PermissionDenied
    assert isinstance(other.get("error"), expected), other
    published = in_a_thread(lambda: Statement.objects.get(pk=racing_statement).status)
    published["thread"].join(10)
    assert published["value"] == "published"


@pytest.fixture
def racing_editor():
    """A superuser committed for the threads to see, and removed afterwards."""
    from django.contrib.auth.models import User

    created = in_a_thread(lambda: User.objects.create_superuser("race-editor", "", "pw-race-1"))
    created["thread"].join(10)
    yield created["value"]
    in_a_thread(lambda: User.objects.filter(username="race-editor").delete())["thread"].join(10)


def test_two_curators_changing_different_fields_at_once_both_keep_their_change(
    racing_statement, racing_editor
):
    """Two PATCHes of one record at once, ten times over: neither field is lost."""
    from rest_framework.test import APIClient

    url = "/api/v1/statements/race-statement/"

    def patch(body: dict):
        def work():
            client = APIClient()
            client.force_authenticate(racing_editor)
            return client.patch(url, body, format="json").status_code

        return work

    def stored():
        return Statement.objects.values("text", "date_note").get(slug="race-statement")

    for round_ in range(10):
        text, note = f"Words, round {round_}.", f"Note, round {round_}."
        racers = [in_a_thread(patch({"text": text})), in_a_thread(patch({"date_note": note}))]
        for racer in racers:
            racer["thread"].join(20)
        assert [racer.get("value") for racer in racers] == [200, 200], racers

        after = in_a_thread(stored)
        after["thread"].join(10)
        assert after["value"] == {"text": text, "date_note": note}
