"""The application gunicorn serves (``gunicorn.conf.py``): Django's WSGI handler behind
uvicorn's event loop.

uvicorn reads each request in full before Django sees it, so a slow client holds a
socket, not a worker. The worker then runs its requests one at a time, middleware and
view together, in one thread, as a sync WSGI worker would: that thread keeps its
database connection between requests. Django's own ASGI handler would instead hop
between the event loop and a new thread for every middleware on the way in and out,
which cost about 4 ms a request (more than reading and rendering a page of records)
and a new database connection per request.
"""

import os
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgi, WsgiToAsgiInstance
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")


# The one thread every request of the process runs in. (asgiref's thread-sensitive mode
# would pick the thread per call, and breaks when requests overlap.)
REQUEST_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")


class Request(WsgiToAsgiInstance):
    run_wsgi_app = sync_to_async(
        WsgiToAsgiInstance.__dict__["run_wsgi_app"].func,
        thread_sensitive=False,
        executor=REQUEST_THREAD,
    )

    def start_response(self, status, response_headers, exc_info=None):
        # Django writes a cookie as " name=value", leaving the space for the WSGI server to
        # strip; uvicorn refuses a header value that starts with one.
        headers = [(name, value.strip()) for name, value in response_headers]
        return super().start_response(status, headers, exc_info)


class Application(WsgiToAsgi):
    async def __call__(self, scope, receive, send):
        await Request(self.wsgi_application, self.duplicate_header_limit)(scope, receive, send)


application = Application(get_wsgi_application())
