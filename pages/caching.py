"""Pages kept in the shared cache under the public record's version.

A page shows what the public sees, whoever asks, so one rendering serves every reader
until the public record changes: the key holds the change feed's position, which only a
change the public sees moves (``diplomacy.changes.position``), so nothing is ever
invalidated by hand. Only complete pages (200) are kept: a missing record and a draft's
address are answered afresh each time, alike.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from diplomacy.changes import position

logger = logging.getLogger(__name__)


def public_page(params=()):
    """Keep the view's complete pages, keyed by the page's address with only the query
    parameters it reads (``params``: names, or a function of the view's arguments giving
    them): a parameter it ignores, a tracking tag or a cache-buster, is the same page."""

    def decorate(view):
        @functools.wraps(view)
        def cached(request, *args, **kwargs):
            if request.method != "GET" or not settings.API_CACHE_SECONDS:
                return view(request, *args, **kwargs)
            read = params(**kwargs) if callable(params) else params
            query = sorted(
                (name, request.GET.getlist(name)) for name in read if name in request.GET
            )
            # The page's links and tags are absolute: its host is part of the key.
            address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
            key = "pages:" + hashlib.sha256(f"{position()} {address}".encode()).hexdigest()
            try:
                hit = cache.get(key)
            except Exception as error:  # the cache client's own errors vary by backend
                logger.debug("Cache unavailable (%r); the page is built afresh", error)
                return view(request, *args, **kwargs)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                try:
                    kept = (response.content, response["Content-Type"])
                    cache.set(key, kept, settings.API_CACHE_SECONDS)
                except Exception as error:
                    logger.debug("Cache unavailable (%r); the page is not kept", error)
            return response

        return cached

    return decorate
