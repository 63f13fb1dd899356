"""Rendered list pages for the public, kept in the shared cache under the public record's
version: the change feed's position, which only a change the public sees moves."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from diplomacy.changes import position
from diplomacy.visibility import Visibility

logger = logging.getLogger(__name__)
# Headers a page carries besides its type: its links to the pages beside it (RFC 8288).
KEPT_HEADERS = ("Link",)


def cache_key(request, version: int) -> str | None:
    """The key of this request's page, or None when it must not be cached.

    Only what the public sees is cached, and only as JSON.
    """
    if request.method != "GET":
        return None
    if request.accepted_renderer.format != "json":
        return None
    url = request.build_absolute_uri()  # links in the page are absolute
    digest = hashlib.sha256(f"{version} {url}".encode()).hexdigest()
    return f"api:list:{digest}"


def cached_page(request, visibility: Visibility) -> tuple[HttpResponse | None, str | None]:
    """A cached response for this request if there is one, and the key to store one under.

    A page is shared only between viewers who see exactly what the public sees: a
    curator of any model may see drafts nested in the records of another.
    """
    if not settings.API_CACHE_SECONDS or not visibility.is_public:
        return None, None
    key = cache_key(request, position())
    if key is None:
        return None, None
    try:
        hit = cache.get(key)
    except Exception as error:  # the cache client's own connection errors vary by backend
        logger.debug("Cache unavailable (%r); the page is built afresh", error)
        return None, None
    if hit is None:
        return None, key
    content, content_type, *headers = hit
    response = HttpResponse(content, content_type=content_type)
    for name, value in headers:
        response[name] = value
    return response, key


def keep_page(key: str):
    """A post-render callback that stores a successful page under ``key``."""

    def store(response) -> None:
        if response.status_code != 200:
            return
        try:
            kept = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            value = (response.content, response["Content-Type"], *kept)
            cache.set(key, value, settings.API_CACHE_SECONDS)
        except Exception as error:
            logger.debug("Cache unavailable (%r); the page is not kept", error)

    return store
