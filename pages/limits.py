"""What one reader may cost: the API's limits, on the pages too.

An anonymous address may make ``THROTTLE_ANON`` requests a minute and spend
``ANONYMOUS_WORKER_SECONDS`` of a worker's time a minute (``api.throttling``,
``api.limits``; the time is counted by ``api.middleware``), on the API and the pages
together; beyond either it is answered 429 with Retry-After, as a page.
"""

import functools
import math

from api.limits import WorkerTimeThrottle
from api.throttling import AnonymousRateThrottle
from pages.problems import problem_page


def limited(view):
    @functools.wraps(view)
    def limit(request, *args, **kwargs):
        for throttle in (AnonymousRateThrottle(), WorkerTimeThrottle()):
            if not throttle.allow_request(request, None):
                wait = max(math.ceil(throttle.wait() or 1), 1)
                response = problem_page(
                    request, 429, f"Too many requests from this address; try again in {wait} s."
                )
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return limit
