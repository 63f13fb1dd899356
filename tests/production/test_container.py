"""The Dockerfile's steps (bin/container), run outside Docker: static, prepare, serve."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def container_env(tmp_path):
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_DEBUG")
    }
    environment |= {
        "PYTHON": sys.executable,
        "DJANGO_SECRET_KEY": "container-test-key-" + "q" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'container.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    return environment, f"http://127.0.0.1:{port}"


def run(step: str, environment: dict) -> None:
    result = subprocess.run(
        ["bin/container", step],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_container_steps_build_prepare_and_serve(container_env):
    environment, base = container_env
    run("static", environment)
    run("prepare", environment)
    run("prepare", environment)  # an explicit, repeatable step: the second run changes nothing

    server = subprocess.Popen(
        ["bin/container", "serve"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status, body = fetch(f"{base}/health/ready")
                break
            except OSError:
                time.sleep(0.3)
        assert status == 200, body
        assert json.loads(body)["status"] == "ok"

        status, body = fetch(f"{base}/api/v1/meetings/?actor=wang-yi")
        assert status == 200 and json.loads(body)["count"] >= 8

        status, _ = fetch(f"{base}/static/rest_framework/css/bootstrap.min.css")
        assert status == 200

        status, body = fetch(f"{base}/api/v1/no-such-thing/")
        assert status == 404 and json.loads(body)["status"] == 404
    finally:
        server.terminate()
        server.wait(timeout=20)
