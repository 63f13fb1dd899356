"""Optimistic concurrency: a record's ETag, and If-Match on the writes that change it (RFC 9110).

A curator sends back the ETag of the record as they read it; a write to a record
that has changed since is refused with 412, so two editors cannot overwrite each
other unknowingly.
"""

import hashlib
import re
from collections.abc import Callable

from django.utils.http import parse_etags, quote_etag
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework.exceptions import ParseError

from api.errors import PreconditionFailed

# "*", or one or more entity tags (RFC 9110, section 13.1.1).
IF_MATCH_PATTERN = r'^(\*|(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*)$'


def etag_of(representation: dict) -> str:
    """A record's strong ETag: the digest of its JSON representation, as a GET sends it."""
    body = ORJSONRenderer().render(representation, "application/json")
    return quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())


def check_if_match(request, representation: Callable[[], dict]) -> None:
    """Without If-Match, nothing to check; with it, the record must still have that ETag."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    if not re.fullmatch(IF_MATCH_PATTERN, header.strip()):
        raise ParseError('If-Match takes "*" or entity tags such as "5d41402abc4b2a76".')
    current = etag_of(representation())
    if header.strip() != "*" and current not in parse_etags(header):
        raise PreconditionFailed(
            "The record has changed since you read it (If-Match does not match its ETag, "
            f"now {current}); read it again and reapply your change."
        )
