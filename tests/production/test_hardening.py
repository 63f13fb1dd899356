import os
import subprocess
import sys
from datetime import timedelta
from ipaddress import ip_network

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.models import F

from api.throttling import AnonymousRateThrottle, LoginRateThrottle
from diplomacy import health
from tests.api.helpers import assert_problem
from tests.conftest import local_redis, needs_redis, token_client

pytestmark = pytest.mark.django_db


def test_liveness_and_readiness_answer_json(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_readiness_reports_pending_migrations(client, monkeypatch):
    monkeypatch.setattr(health, "_pending_migrations", lambda: 2)
    response = client.get("/health/ready")
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["checks"]["migrations"] == "2 pending"


def test_readiness_reports_an_unreachable_database(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_pending_migrations", unreachable)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable: OperationalError"


def test_a_database_outage_is_a_503_problem_with_retry_after(api, monkeypatch):
    from api.filters.meetings import MeetingFilter

    def outage(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(MeetingFilter, "filter_queryset", outage)
    response = api.get("/api/v1/meetings/")
    assert_problem(response, 503)
    assert response["Retry-After"] == "30"


def test_check_deploy_reports_nothing_with_production_settings():
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "DJANGO_SECRET_KEY": "a-production-like-key-" + "x7Kq9Lw2" * 8,
        "ALLOWED_HOSTS": "api.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_only_json_bodies_are_accepted(curator):
    response = token_client(curator).post(
        "/api/v1/topics/", "slug=x&name=y", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 415)


def test_a_body_over_the_size_limit_is_a_413_problem(curator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = token_client(curator).post(
        "/api/v1/topics/", {"slug": "big", "name": "x" * 5000}, format="json"
    )
    assert_problem(response, 413)


def test_anonymous_clients_are_throttled_with_retry_after(api, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    statuses = [api.get("/api/v1/topics/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/topics/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(api, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    statuses = [
        api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(api, monkeypatch, settings):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/min", raising=False)
    # The test client's peer is 127.0.0.1: here, a proxy; so is anything in 10.0.0.0/8.
    settings.TRUSTED_PROXIES = (ip_network("127.0.0.1"), ip_network("10.0.0.0/8"))

    def get(chain: str) -> int:
        return api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=chain).status_code

    # The proxies append the address each saw; whatever the client put before it is ignored.
    assert [get(f"192.0.2.{n}, 203.0.113.7, 10.1.1.1") for n in range(3)] == [200, 200, 429]
    assert get("203.0.113.8") == 200


def test_a_client_reaching_the_app_directly_cannot_rotate_forwarded_for(api, monkeypatch, settings):
    """Proxies are trusted by address, not by count: the peer 127.0.0.1 is not one of
    them, so what it puts in X-Forwarded-For is not read."""
    from rest_framework.settings import api_settings

    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)  # DRF's count of proxies: not read
    settings.TRUSTED_PROXIES = (ip_network("10.0.0.0/8"),)
    statuses = [
        api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.1").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_token_endpoint_is_throttled(api, monkeypatch):
    monkeypatch.setattr(LoginRateThrottle, "rate", "2/min", raising=False)
    statuses = [api.post("/api/v1/auth/token/").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_cors_lets_any_origin_read_and_write_with_a_token_but_never_with_cookies(api):
    preflight = api.options(
        "/api/v1/meetings/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight


def test_security_headers_are_sent(api):
    response = api.get("/api/v1/topics/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_users_have_their_own_limit(curator, monkeypatch):
    from api.throttling import AuthenticatedRateThrottle

    monkeypatch.setattr(AuthenticatedRateThrottle, "rate", "2/min", raising=False)
    client = token_client(curator)
    statuses = [client.get("/api/v1/topics/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_anonymous_clients_are_not_held_to_the_user_limit(api, monkeypatch):
    from api.throttling import AuthenticatedRateThrottle

    monkeypatch.setattr(AuthenticatedRateThrottle, "rate", "2/min", raising=False)
    assert [api.get("/api/v1/topics/").status_code for _ in range(3)] == [200, 200, 200]


def test_a_shared_redis_cache_is_used_when_configured():
    environment = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DJANGO_SECRET_KEY": "k"}
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "diplomacy.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "diplomacy.cache.FailFastRedisCache", result.stderr


def test_an_unreachable_throttling_cache_admits_requests(api, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    assert api.get("/api/v1/topics/").status_code == 200


@needs_redis
def test_concurrent_requests_are_counted_exactly_in_redis(settings, monkeypatch):
    """1,000 requests from one address on 8 threads against a limit of 300: 300 admitted."""
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import caches
    from django.test import RequestFactory

    settings.CACHES = local_redis()
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "300/hour", raising=False)
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: 1_000_000.0)
    request = RequestFactory().get("/api/v1/topics/", REMOTE_ADDR="192.0.2.9")
    request.user = None

    def admitted(_) -> bool:
        return AnonymousRateThrottle().allow_request(request, None)

    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(admitted, range(1000)))
        assert results.count(True) == 300
    finally:
        caches["default"].clear()


def test_the_token_endpoint_stays_limited_while_the_shared_cache_is_down(api, monkeypatch):
    from django.core.cache import caches

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches["default"], "add", down)
    monkeypatch.setattr(caches["default"], "incr", down)
    monkeypatch.setattr(LoginRateThrottle, "rate", "2/min", raising=False)
    statuses = [api.post("/api/v1/auth/token/").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


@pytest.fixture
def unthrottled_logins(monkeypatch):
    """The address throttle out of the way, to see the lockout on its own."""
    monkeypatch.setattr(LoginRateThrottle, "rate", "1000/min", raising=False)


def basic(username: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_a_stranger_forging_addresses_cannot_lock_a_curator_out(
    api, curator, unthrottled_logins, settings
):
    """Five wrong passwords from five addresses lock out none of them, nor the curator:
    lockouts hold an address, and a username from one address."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXIES = (ip_network("127.0.0.1"),)  # the test client's peer: a proxy
    token = "/api/v1/auth/token/"
    own = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    signed_in = api.post(token, HTTP_AUTHORIZATION=basic("curator", "pw-1-long-enough"), **own)
    assert signed_in.status_code == 200
    statuses = [
        api.post(
            token,
            HTTP_AUTHORIZATION=basic("curator", f"guess-{n}"),
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [401] * 5
    right = api.post(token, HTTP_AUTHORIZATION=basic("curator", "pw-1-long-enough"), **own)
    assert right.status_code == 200 and "token" in right.json()


def test_guesses_at_a_username_from_new_addresses_are_slowed_not_refused(
    api, curator, unthrottled_logins, settings
):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = (ip_network("127.0.0.1"),)
    token = "/api/v1/auth/token/"

    def attempt(password: str, address: str):
        return api.post(
            token, HTTP_AUTHORIZATION=basic("curator", password), HTTP_X_FORWARDED_FOR=address
        )

    assert [attempt("guess", f"198.51.100.{n}").status_code for n in range(3)] == [401] * 3
    # Three failures of the username in all: the next guess waits 1 s after the last one,
    # whoever makes it, the right password included.
    slowed = attempt("pw-1-long-enough", "192.0.2.1")
    assert_problem(slowed, 429)
    assert slowed["Retry-After"] == "1"
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=2))
    assert attempt("guess", "192.0.2.2").status_code == 401  # once waited, it is checked
    slowed = attempt("guess", "192.0.2.3")  # four failures: 2 s
    assert_problem(slowed, 429)
    assert slowed["Retry-After"] == "2"
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=3))
    assert attempt("pw-1-long-enough", "192.0.2.4").status_code == 200


def test_the_admin_login_locks_out_after_repeated_failures(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for n in range(6):
        client.post("/admin/login/", {"username": "curator", "password": f"guess-{n}"})
    right = client.post("/admin/login/", {"username": "curator", "password": "pw-1-long-enough"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_a_browser_gets_error_pages_as_html(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    missing = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT=browser)
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/html")
    assert b"<h1>404 Not Found</h1>" in missing.content

    invalid = client.get("/api/v1/meetings/", {"date_from": "soon"}, HTTP_ACCEPT=browser)
    assert invalid.status_code == 400
    assert invalid["Content-Type"].startswith("text/html")

    # Clients that take anything get problem+json, as before.
    assert_problem(client.get("/api/v1/no-such-thing/", HTTP_ACCEPT="*/*"), 404)
    assert_problem(client.get("/api/v1/meetings/", {"date_from": "soon"}), 400)


def test_a_successful_login_does_not_wipe_another_users_failures(
    api, curator, unthrottled_logins, settings
):
    """Four guesses at curator's password, a right login as someone else from the same
    address, then a fifth guess: the lockout still counts all five."""
    from tests.conftest import make_user

    make_user("mallory")
    settings.AXES_FAILURE_LIMIT = 5
    token = "/api/v1/auth/token/"
    guesses = [
        api.post(token, HTTP_AUTHORIZATION=basic("curator", f"guess-{n}")).status_code
        for n in range(4)
    ]
    assert guesses == [401] * 4
    mallory = api.post(token, HTTP_AUTHORIZATION=basic("mallory", "pw-1-long-enough"))
    assert mallory.status_code == 200
    fifth = api.post(token, HTTP_AUTHORIZATION=basic("curator", "guess-5"))
    assert_problem(fifth, 429)


def test_refused_tokens_are_throttled_like_anonymous_requests(api, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    statuses = [
        api.get("/api/v1/topics/", HTTP_AUTHORIZATION=f"Token {'0' * 63}{n}").status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_the_openapi_document_is_served_to_concurrent_requests(client):
    from concurrent.futures import ThreadPoolExecutor

    def fetch(_):
        return client.get("/api/v1/schema/").status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(fetch, range(24))) == {200}


def test_a_get_with_a_stale_if_match_is_a_412_problem(api):
    assert_problem(api.get("/api/v1/topics/", HTTP_IF_MATCH='"stale"'), 412)
