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
    return container_environment(tmp_path)


def container_environment(tmp_path) -> tuple[dict, str]:
    """The settings of a served app of its own: a SQLite database and static files in
    ``tmp_path``, a free port."""
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
        "SNAPSHOT_ROOT": str(tmp_path / "snapshots"),
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


def serve(environment: dict) -> subprocess.Popen:
    return subprocess.Popen(
        ["bin/container", "serve"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def first_answer(url: str, seconds: float = 30) -> tuple[int | None, bytes]:
    """The first answer of a server that is starting, waiting up to ``seconds`` for it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.3)
    return None, b"no answer"


def test_the_container_steps_build_prepare_and_serve(container_env):
    environment, base = container_env
    run("static", environment)
    run("prepare", environment)
    run("prepare", environment)  # an explicit, repeatable step: the second run changes nothing

    server = serve(environment)
    try:
        status, body = first_answer(f"{base}/health/ready")
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


@pytest.fixture
def served(container_env):
    """The app as bin/container serves it (two workers), ready to answer."""
    environment, base = container_env
    environment["WEB_CONCURRENCY"] = "2"
    run("prepare", environment)
    server = serve(environment)
    try:
        first_answer(f"{base}/health/live")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_slow_clients_cannot_starve_the_workers(served):
    """Sixteen clients sending a header line a second hold no worker: others are answered."""
    port = int(served.rsplit(":", 1)[1])
    slow = []
    try:
        for _ in range(16):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"GET /api/v1/meetings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(connection)
        for second in range(3):
            for connection in slow:
                connection.sendall(f"X-Slow-{second}: 1\r\n".encode())
            # A sync worker would wait on a slow client until its timeout (30 s).
            with urllib.request.urlopen(f"{served}/health/live", timeout=5) as response:
                assert response.status == 200
            time.sleep(1)
    finally:
        for connection in slow:
            connection.close()


def test_prepare_works_on_a_fresh_checkout(tmp_path):
    """No var/ yet, no DATABASE_URL: prepare makes the default SQLite database there."""
    checkout = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "ls-files"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        if not (settings.BASE_DIR / name).is_file():
            continue  # deleted in the work tree, not yet in a commit
        target = checkout / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((settings.BASE_DIR / name).read_bytes())
        target.chmod((settings.BASE_DIR / name).stat().st_mode)
    assert not (checkout / "var").exists()
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL",)
    } | {"PYTHON": sys.executable, "DJANGO_SECRET_KEY": "fresh-checkout-key"}
    result = subprocess.run(
        ["bin/container", "prepare"], cwd=checkout, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (checkout / "var" / "db.sqlite3").stat().st_size > 0
