import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError

from api.throttling import AnonymousRateThrottle, LoginRateThrottle
from diplomacy import health
from tests.api.helpers import assert_problem
from tests.conftest import token_client

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
    from api.rows import MeetingRows

    def outage():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(MeetingRows, "queryset", staticmethod(outage))
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
    from rest_framework.settings import api_settings

    monkeypatch.setattr(AnonymousRateThrottle, "rate", "2/min", raising=False)
    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)

    def get(chain: str) -> int:
        return api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=chain).status_code

    # The proxy appends the address it saw; whatever the client put before it is ignored.
    assert [get(f"10.0.0.{n}, 203.0.113.7") for n in range(3)] == [200, 200, 429]
    assert get("203.0.113.8") == 200


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
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


def test_an_unreachable_throttling_cache_admits_requests(api, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    assert api.get("/api/v1/topics/").status_code == 200
