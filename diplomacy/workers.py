"""The gunicorn worker that production runs (``gunicorn.conf.py``).

uvicorn's event loop reads each request, headers and body, in full before Django
sees it, so a client that sends slowly holds a socket, not a worker: sixteen
clients trickling a header line a second do not delay anyone else's answer.
Django then runs one request at a time per worker (diplomacy/asgi.py).
"""

from uvicorn_worker import UvicornWorker


class Worker(UvicornWorker):
    CONFIG_KWARGS = {
        "loop": "asyncio",
        "http": "h11",
        # Django does not speak the ASGI lifespan protocol.
        "lifespan": "off",
        # The client's address is the peer's; Django alone reads X-Forwarded-For, for as
        # many proxies as TRUSTED_PROXY_COUNT says (see api.throttling.client_address).
        "proxy_headers": False,
    }
