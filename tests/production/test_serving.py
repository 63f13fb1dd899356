"""The app as ``bin/container serve`` serves it (nginx in front of gunicorn's threads), against
clients that send slowly, read slowly or never, or send too much.

One worker with one thread, the least a deployment can run: whatever one client does,
the others are answered. The meetings export is some megabytes (synthetic meetings
beside the seed data), far more than the clients' shrunken receive buffers and the
kernel's send buffers hold, so a server that wrote it from the request thread would be
stuck in that write.
"""

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, closing

import pytest
from django.conf import settings

from tests.production.test_container import container_environment, first_answer, run, serve

SYNTHETIC_MEETINGS = 5000
RECEIVE_BUFFER = 4096


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One worker, one thread, a few megabytes of meetings, and a publisher's token."""
    folder = tmp_path_factory.mktemp("served")
    environment, base = container_environment(folder)
    environment |= {
        "DATABASE_URL": f"sqlite:///{folder / 'served.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "THROTTLE_ANON": "1000000/min",
        "ANONYMOUS_WORKER_SECONDS": "100000",
        # Every client here is 127.0.0.1: 3 requests at once, as one address.
        "EXPORTS_PER_CLIENT": "3",
        "REQUESTS_PER_CLIENT": "3",
    }
    run("prepare", environment, settings.BASE_DIR)
    scale = {"meetings": SYNTHETIC_MEETINGS, "statements": 500, "actors": 200, "resolutions": 10}
    options = [f"--{name}={count}" for name, count in scale.items()]
    manage(environment, "generate_scale_data", "--scratch-database", *options)
    token = manage(environment, "create_curator", "publisher", "--can-publish").split()[-1]
    server = serve(environment, settings.BASE_DIR)
    try:
        status, body = first_answer(f"{base}/health/ready")
        assert status == 200, body
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=30)


def manage(environment: dict, *arguments: str) -> str:
    result = subprocess.run(
        [environment["PYTHON"], "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def request(url: str, *, method: str = "GET", body=None, headers=None, timeout: float = 10):
    """Status, headers and body; a client that is not answered in ``timeout`` fails."""
    message = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(message, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def non_reading_client(port: int, path: str) -> socket.socket:
    """A client with a small receive buffer that asks for ``path`` and reads nothing."""
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
    client.connect(("127.0.0.1", port))
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return client


def test_the_export_is_larger_than_the_buffers_between_server_and_client(served):
    base, _ = served
    status, _, body = request(f"{base}/api/v1/meetings.csv", timeout=60)
    assert status == 200
    assert len(body) > 4 * 1024 * 1024
    assert body.count(b"\r\n") > SYNTHETIC_MEETINGS


def test_the_proxy_sends_a_snapshots_files_itself(served):
    """(Before the retraction below, which withdraws the snapshot.)"""
    base, _ = served
    status, _, body = request(f"{base}/api/v1/snapshots/latest/")
    assert status == 200
    files = {entry["name"]: entry for entry in json.loads(body)["files"]}
    entry = files["diplomacy.sqlite3"]
    status, headers, content = request(entry["url"].replace("http://127.0.0.1:8000", base))
    assert status == 200
    assert len(content) == entry["bytes"] and content.startswith(b"SQLite format 3\x00")
    assert headers["Content-Type"] == "application/vnd.sqlite3"
    assert headers["ETag"] == f'"{entry["sha256"]}"'
    assert 'filename="diplomacy.sqlite3"' in headers["Content-Disposition"]
    # The internal location is not an address clients can ask for.
    assert request(f"{base}{settings.SNAPSHOT_DOWNLOAD_PREFIX}")[0] == 404


def status_of(client: socket.socket) -> str:
    """The status code a non-reading client was answered with, read at last."""
    client.settimeout(5)
    return client.recv(64).split(b"\r\n", 1)[0].split()[1].decode()


def test_clients_that_never_read_their_export_hold_no_worker(served):
    """Exports nobody reads are buffered by nginx, however slowly their clients read; an
    address holds three at once here, and a fourth is refused."""
    base, _ = served
    with ExitStack() as stack:
        held = [
            stack.enter_context(closing(non_reading_client(port_of(base), "/api/v1/meetings.csv")))
            for _ in range(4)
        ]
        time.sleep(1)  # the exports are under way
        for _ in range(10):
            status, _, body = request(f"{base}/health/live", timeout=5)
            assert status == 200 and json.loads(body) == {"status": "ok"}
        status, headers, body = request(f"{base}/api/v1/topics/", timeout=5)
        assert status == 429 and int(headers["Retry-After"]) > 0
        assert json.loads(body)["status"] == 429
        assert sorted(status_of(client) for client in held) == ["200", "200", "200", "429"]
    assert request(f"{base}/api/v1/topics/", timeout=5)[0] == 200


def test_a_retraction_commits_while_exports_are_held(served):
    """On SQLite, a long read must not keep the writer out (write-ahead log; the keys are
    read before the export streams)."""
    base, token = served
    url = f"{base}/api/v1/meetings/wang-yi-cohen-call/"
    assert request(url)[0] == 200
    with ExitStack() as stack:
        for path in ("/api/v1/meetings.csv", "/api/v1/meetings.ndjson"):
            stack.enter_context(closing(non_reading_client(port_of(base), path)))
        time.sleep(1)
        body = json.dumps({"status": "retracted", "retraction_reason": "Synthetic."}).encode()
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        status, _, answer = request(url, method="PATCH", body=body, headers=headers, timeout=30)
        assert status == 200, answer
    assert request(url)[0] == 410


def test_a_body_over_the_limit_is_refused_before_it_is_sent(served):
    base, _ = served
    with closing(socket.create_connection(("127.0.0.1", port_of(base)), timeout=5)) as client:
        client.sendall(
            b"POST /api/v1/meetings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n"
        )
        answer = client.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"application/problem+json" in answer


@pytest.mark.parametrize("length", [4_500, 8_150])
def test_an_address_as_long_as_nginx_reads_is_answered_by_the_app(served, length):
    """Up to nginx's limit (8 KB) the app answers, as problem+json (here: a search too long),
    not gunicorn's HTML 414 for a line over its default of 4 KB."""
    base, _ = served
    path = "/api/v1/statements/?q="
    answer, headers, body = request(f"{base}{path}{'x' * (length - len(path))}")
    assert answer == 400, body[:200]
    assert headers["Content-Type"].startswith("application/problem+json"), body[:200]


def test_clients_that_send_slowly_hold_no_worker(served):
    """Sixteen clients sending a header line a second: others are answered meanwhile."""
    base, _ = served
    with ExitStack() as stack:
        slow = []
        for _ in range(16):
            connection = socket.create_connection(("127.0.0.1", port_of(base)))
            stack.enter_context(closing(connection))
            connection.sendall(b"GET /api/v1/meetings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(connection)
        for second in range(3):
            for connection in slow:
                connection.sendall(f"X-Slow-{second}: 1\r\n".encode())
            assert request(f"{base}/health/live", timeout=5)[0] == 200
            time.sleep(1)


def test_a_client_cannot_claim_https_for_itself(served):
    """X-Forwarded-Proto is believed from a trusted proxy only (none here): the links a list
    gives stay http."""
    base, _ = served
    status, _, body = request(
        f"{base}/api/v1/meetings/?page_size=1", headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 200
    assert json.loads(body)["next"].startswith("http://")
