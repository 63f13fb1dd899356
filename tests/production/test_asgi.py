"""The served application: Django's WSGI handler behind uvicorn's event loop."""

import asyncio
import threading

from django.core.signals import request_started

from diplomacy.asgi import application


async def answer(path: str, headers=()) -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    start, *body = sent
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    return start["status"], headers, b"".join(part.get("body", b"") for part in body)


def test_every_request_of_a_worker_runs_in_its_one_thread():
    threads = []

    def started(**kwargs):
        threads.append(threading.get_ident())

    request_started.connect(started)
    try:

        async def several():
            return await asyncio.gather(*(answer("/health/live") for _ in range(5)))

        answers = asyncio.run(several())
    finally:
        request_started.disconnect(started)
    assert [status for status, _, _ in answers] == [200] * 5
    # Middleware and view ran in one thread, the same for every request: the thread
    # keeps its database connection between requests.
    assert len(threads) == 5 and len(set(threads)) == 1


def test_an_answer_keeps_its_status_headers_and_body():
    status, headers, body = asyncio.run(answer("/health/live"))
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert body


def test_a_cookie_reaches_the_client_as_a_valid_header():
    # A request with a stale session cookie is answered with the cookie's deletion, which
    # Django writes with a leading space that uvicorn would refuse (the client saw the
    # connection closed without an answer).
    from diplomacy.asgi import Request

    request = Request(None)
    request.start_response("401 Unauthorized", [("Set-Cookie", ' sessionid=""; Max-Age=0')])
    assert (b"set-cookie", b'sessionid=""; Max-Age=0') in request.response_start["headers"]
