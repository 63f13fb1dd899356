"""Public list pages cached in the shared cache, dropped the moment what the public sees
changes, and only then."""

import pytest
from django.core.cache import cache

from tests.conftest import local_redis, needs_redis, token_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/meetings/"
LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}


@pytest.fixture
def caching(settings):
    settings.API_CACHE_SECONDS = 60


def test_a_repeated_public_page_is_served_from_the_cache_without_queries(
    api, caching, django_assert_num_queries
):
    first = api.get(URL, {"actor": "wang-yi"})
    with django_assert_num_queries(1):  # the change feed's position, read from the database
        again = api.get(URL, {"actor": "wang-yi"})

    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]
    assert api.get(URL, {"actor": "wang-yi"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_pages_differ_by_query_and_host(api, caching, settings):
    settings.ALLOWED_HOSTS = ["testserver", "api.example.org"]
    assert api.get(URL, {"page_size": 1}).json()["results"] != []
    other_query = api.get(URL, {"page_size": 2}).json()
    other_host = api.get(URL, {"page_size": 1}, HTTP_HOST="api.example.org").json()

    assert len(other_query["results"]) == 2
    assert other_host["results"][0]["url"].startswith("http://api.example.org/")


def test_a_committed_change_is_visible_at_once(
    api, caching, editor, django_capture_on_commit_callbacks
):
    slug = "wang-yi-cohen-call"
    api.get(URL, {"actor": "wang-yi"})

    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(editor).patch(
            f"{URL}{slug}/",
            {"summary": "Corrected summary.", "correction_note": "A fuller summary."},
            format="json",
        )
    assert response.status_code == 200

    listed = {m["slug"]: m for m in api.get(URL, {"actor": "wang-yi"}).json()["results"]}
    assert listed[slug]["summary"] == "Corrected summary."


def test_a_curator_editing_a_draft_leaves_the_public_pages_cached(api, caching, monkeypatch):
    from diplomacy import services
    from diplomacy.models import Topic

    api.get(URL, {"actor": "wang-yi"})
    draft = services.record_write(Topic(slug="zz-cache-draft", name="Draft"), by=None, fields={})
    for number in range(3):
        services.record_write(draft, by=None, fields={"name": f"Draft {number}"})
    built = []
    monkeypatch.setattr("api.views.base.read", lambda *arguments: built.append(1) or [])
    assert api.get(URL, {"actor": "wang-yi"}).json()["results"]  # the page kept
    assert built == []


def test_rows_added_in_bulk_to_an_empty_list_are_seen_at_once(api, caching):
    from diplomacy import services
    from diplomacy.models import Actor, Resolution

    slug = "unsc-russia-draft-humanitarian-ceasefire"
    url = "/api/v1/resolutions/"
    before = {r["slug"]: r for r in api.get(url).json()["results"]}
    assert before[slug]["votes"] == []
    xi = Actor.objects.get(slug="xi-jinping")
    services.record_write(
        Resolution.objects.get(slug=slug),
        by=None,
        fields={},
        votes=[services.VoteInput(xi, "no", "inferred", "A test.")],
    )
    after = {r["slug"]: r for r in api.get(url).json()["results"]}
    assert [vote["position"] for vote in after[slug]["votes"]] == ["no"]


def test_curators_are_never_served_the_public_page(
    api, caching, editor, django_assert_max_num_queries
):
    api.get(URL)
    with django_assert_max_num_queries(10) as context:
        token_client(editor).get(URL)
    assert any("diplomacy_meeting" in query["sql"] for query in context.captured_queries)


def test_the_browsable_api_is_not_cached(api, caching):
    api.get(URL, HTTP_ACCEPT="text/html")
    assert api.get(URL, HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")
    assert api.get(URL)["Content-Type"] == "application/json"


def test_a_cache_outage_serves_pages_uncached(api, caching, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "add", down)

    assert api.get(URL).status_code == 200


def test_without_a_cache_time_nothing_is_kept(api, settings, django_assert_max_num_queries):
    settings.API_CACHE_SECONDS = 0
    api.get(URL)
    with django_assert_max_num_queries(3) as context:
        api.get(URL)
    assert len(context.captured_queries) > 0


@needs_redis
def test_processes_sharing_redis_drop_a_page_when_any_of_them_writes(
    api, caching, settings, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    # Changing the setting makes the next use of the cache connect to Redis.
    settings.CACHES = local_redis()
    first = api.get(URL, {"actor": "wang-yi"})
    with django_assert_num_queries(1):
        assert api.get(URL, {"actor": "wang-yi"}).content == first.content

    with django_capture_on_commit_callbacks(execute=True):
        token_client(editor).patch(
            f"{URL}wang-yi-cohen-call/",
            {"summary": "New.", "correction_note": "A fuller summary."},
            format="json",
        )

    listed = {m["slug"]: m for m in api.get(URL, {"actor": "wang-yi"}).json()["results"]}
    assert listed["wang-yi-cohen-call"]["summary"] == "New."
    cache.clear()  # database 15 of the local Redis is the tests' own


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, as a hung Redis does."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_hung_redis_costs_a_request_its_timeouts_not_its_answer(
    api, caching, settings, hung_redis
):
    import signal
    import time

    from diplomacy.settings import REDIS_TIMEOUT, redis_cache

    def hung(signum, frame):
        raise AssertionError("the request waited on the hung Redis")

    # As REDIS_URL configures it.
    settings.CACHES = {"default": redis_cache(hung_redis), "local": settings.CACHES["local"]}
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        started = time.monotonic()
        response = api.get(URL, {"actor": "wang-yi"})
        elapsed = time.monotonic() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

    assert response.status_code == 200
    # Each of the few cache calls of a request waits at most REDIS_TIMEOUT.
    assert elapsed < 20 * REDIS_TIMEOUT


@needs_redis
def test_a_change_made_while_redis_was_down_is_seen_once_it_is_back(
    api, caching, settings, editor, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.cache import caches

    settings.CACHES = local_redis()
    shared = caches["default"]
    assert "wang-yi-cohen-call" in api.get(URL, {"actor": "wang-yi"}).content.decode()

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as outage:
        for method in ("get", "set", "add", "incr", "delete"):
            outage.setattr(shared, method, down)
        with django_capture_on_commit_callbacks(execute=True):
            retracted = token_client(editor).patch(
                f"{URL}wang-yi-cohen-call/",
                {"status": "retracted", "retraction_reason": "Wrong call."},
                format="json",
            )
        assert retracted.status_code == 200
    # Redis is back, with the page it kept from before the retraction.
    assert "wang-yi-cohen-call" not in api.get(URL, {"actor": "wang-yi"}).content.decode()
    shared.clear()


def test_after_a_redis_failure_the_worker_leaves_redis_alone_for_a_while(settings, hung_redis):
    from diplomacy.cache import FailFastRedisCache, RedisUnavailable

    settings.REDIS_RETRY_SECONDS = 60
    store = FailFastRedisCache(hung_redis, {"OPTIONS": {"socket_timeout": 0.05}})
    with pytest.raises(Exception) as first:
        store.get("key")
    assert not isinstance(first.value, RedisUnavailable)  # this one waited for the timeout
    with pytest.raises(RedisUnavailable):  # the next ones do not wait at all
        store.get("key")
    with pytest.raises(RedisUnavailable):
        store.add("key", 0)
    FailFastRedisCache.down_until.clear()
