"""The change feed under concurrent writes: a reader paging by id never skips an entry.

Two connections (two threads) write at once and commit for real; a third reads the
feed while the first still holds its transaction open. Entry ids must come in commit
order, so that what the reader resumes from never lies past an entry still to commit.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from diplomacy import services
from diplomacy.models import Change, Topic
from tests.curation.test_concurrent_publication import HOLD_SECONDS, in_a_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers are PostgreSQL's; SQLite lets one writer in at a time",
    ),
]
SLUGS = ("zz-order-first", "zz-order-second")


def publish_topic(slug: str) -> None:
    topic = Topic(slug=slug, name=slug.replace("-", " "), status="published")
    services.record_write(topic, by=services.LOADER, fields={})


@pytest.fixture
def committed_feed():
    """The id the feed stood at; the topics and entries the threads commit are removed."""

    def last() -> int:
        return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0

    start = in_a_thread(last)
    start["thread"].join(10)
    yield start["value"]

    def remove():
        with transaction.atomic():
            Topic.objects.filter(slug__in=SLUGS).delete()
            Change.objects.filter(id__gt=start["value"]).delete()

    in_a_thread(remove)["thread"].join(10)


def test_a_reader_resuming_from_its_last_entry_misses_none(committed_feed):
    holding, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            publish_topic(SLUGS[0])
            holding.set()
            release.wait(10)  # the entry is written, not yet committed

    def second():
        holding.wait(10)
        with transaction.atomic():
            publish_topic(SLUGS[1])

    def read(since: int) -> list[tuple[int, str]]:
        entries = Change.objects.filter(id__gt=since).order_by("id")
        return list(entries.values_list("id", "slug"))

    writing = in_a_thread(first)
    holding.wait(10)
    waiting = in_a_thread(second)
    time.sleep(HOLD_SECONDS)
    early = in_a_thread(lambda: read(committed_feed))
    early["thread"].join(10)
    release.set()
    writing["thread"].join(10)
    waiting["thread"].join(10)
    assert "error" not in writing and "error" not in waiting

    seen = early["value"]
    resumed = in_a_thread(lambda: read(seen[-1][0] if seen else committed_feed))
    resumed["thread"].join(10)

    assert [slug for _, slug in seen + resumed["value"]] == list(SLUGS)
