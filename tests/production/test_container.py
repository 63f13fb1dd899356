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


def container_environment(checkout) -> tuple[dict, str]:
    """The settings of a served app of its own, run from ``checkout``: its default SQLite
    database (no DATABASE_URL), static files and snapshots beside it, a free port."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_DEBUG")
    }
    environment |= {
        "PYTHON": sys.executable,
        "DJANGO_SECRET_KEY": "container-test-key-" + "q" * 40,
        "DJANGO_STATIC_ROOT": str(checkout / "static"),
        "SNAPSHOT_ROOT": str(checkout / "snapshots"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    return environment, f"http://127.0.0.1:{port}"


def fresh_checkout(target):
    """The committed files of the project (and changes to them), with no var/."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        if not (settings.BASE_DIR / name).is_file():
            continue  # deleted in the work tree, not yet in a commit
        copied = target / name
        copied.parent.mkdir(parents=True, exist_ok=True)
        copied.write_bytes((settings.BASE_DIR / name).read_bytes())
        copied.chmod((settings.BASE_DIR / name).stat().st_mode)
    assert not (target / "var").exists()
    return target


def run(step: str, environment: dict, checkout) -> None:
    result = subprocess.run(
        ["bin/container", step],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def serve(environment: dict, checkout) -> subprocess.Popen:
    return subprocess.Popen(
        ["bin/container", "serve"],
        cwd=checkout,
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


@pytest.fixture(scope="module")
def container(tmp_path_factory):
    """A fresh checkout taken through the Dockerfile's steps: static, prepare twice (an
    explicit, repeatable step: the second run changes nothing), then served on two
    workers. One for the module: each step costs seconds."""
    checkout = fresh_checkout(tmp_path_factory.mktemp("checkout"))
    environment, base = container_environment(checkout)
    run("static", environment, checkout)
    run("prepare", environment, checkout)
    run("prepare", environment, checkout)
    server = serve(environment, checkout)
    try:
        status, body = first_answer(f"{base}/health/ready")
        assert status == 200, body
        yield checkout, base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_prepare_works_on_a_fresh_checkout(container):
    """No var/ yet, no DATABASE_URL: prepare makes the default SQLite database there."""
    checkout, _ = container
    assert (checkout / "var" / "db.sqlite3").stat().st_size > 0


def test_the_container_steps_build_prepare_and_serve(container):
    _, base = container
    status, body = fetch(f"{base}/health/ready")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"

    status, body = fetch(f"{base}/api/v1/meetings/?actor=wang-yi")
    assert status == 200 and json.loads(body)["count"] >= 8

    status, _ = fetch(f"{base}/static/rest_framework/css/bootstrap.min.css")
    assert status == 200

    status, body = fetch(f"{base}/api/v1/no-such-thing/")
    assert status == 404 and json.loads(body)["status"] == 404


def test_slow_clients_cannot_starve_the_workers(container):
    """Sixteen clients sending a header line a second hold no worker: others are answered."""
    _, served = container
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
